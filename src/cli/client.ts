import * as readline from 'node:readline';
import type { ClientConfig } from '../config/client-config.js';

/** A failure talking to the node: said in one line by the command line. */
export class ClientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClientError';
  }
}

/** Calls the node's REST API with the configured credentials (asking for the password on a terminal). */
export class RestClient {
  private password: string | undefined;

  constructor(private readonly config: ClientConfig) {
    this.password = config.password;
  }

  get url(): string {
    return this.config.url;
  }

  async json(method: 'GET' | 'POST', path: string): Promise<unknown> {
    const password = this.password ?? (this.password = await askPassword(this.config.user));
    const auth = Buffer.from(`${this.config.user}:${password}`).toString('base64');
    let res: Response;
    try {
      res = await fetch(`${this.config.url}/rest${path}`, { method, headers: { Authorization: `Basic ${auth}`, Accept: 'application/json' } });
    } catch (err) {
      throw new ClientError(`cannot reach ${this.config.url}: ${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}`);
    }
    const text = await res.text();
    if (res.status === 401) throw new ClientError(`${this.config.url} refused the credentials of '${this.config.user}' (set GEOSERVER_ADMIN_USER and GEOSERVER_ADMIN_PASSWORD)`);
    if (!res.ok) throw new ClientError(`${method} ${path} on ${this.config.url}: ${res.status} ${text.trim()}`);
    return JSON.parse(text) as unknown;
  }
}

export async function askPassword(user: string): Promise<string> {
  if (!process.stdin.isTTY) throw new ClientError('no password: set GEOSERVER_ADMIN_PASSWORD (stdin is not a terminal to ask on)');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // the answer is not echoed: only the prompt is written
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (s.startsWith('Password')) process.stderr.write(s);
  };
  try {
    return await new Promise<string>((resolve) => rl.question(`Password for ${user}: `, resolve));
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}
