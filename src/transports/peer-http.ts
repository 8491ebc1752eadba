import * as http from 'node:http';
import { TOKEN_HEADER } from './embedded/journal-server.js';
import type { PeerTokens } from './ports.js';

/**
 * A GET to a peer's journal endpoints (/cluster/journal, /cluster/snapshot), introducing this
 * node and proving it knows the cluster secret.
 */
export function getFromPeer(url: string, self: { instanceName: string; group: string }, tokens: PeerTokens, timeoutMs = 120_000): Promise<string> {
  const sep = url.includes('?') ? '&' : '?';
  const full = `${url}${sep}instance=${encodeURIComponent(self.instanceName)}&group=${encodeURIComponent(self.group)}`;
  return new Promise((resolve, reject) => {
    const req = http.get(full, { headers: { [TOKEN_HEADER]: tokens.token('GET', new URL(full)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode === 200) resolve(body);
        else reject(new Error(`${res.statusCode} from ${url}: ${body}`));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer from ${url}`)));
  });
}
