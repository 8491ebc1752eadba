import { RETRY_FIRST_MS, RETRY_GROWTH } from '../retry.js';

/**
 * brokerURL as operators write it: one URL, or ActiveMQ's failover syntax for any adapter,
 * `failover:(stomp://a:61613,stomp://b:61613)?randomize=false&maxReconnectDelay=5000`.
 * Credentials may sit in each URL (`amqp://user:pass@host`) or in `username`/`password` options.
 */
export interface BrokerUrls {
  urls: URL[];
  randomize: boolean;
  initialReconnectDelay: number;
  maxReconnectDelay: number;
  backOffMultiplier: number;
  username?: string;
  password?: string;
}

export class BrokerUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrokerUrlError';
  }
}

export function parseBrokerUrl(raw: string, defaults: { maxReconnectDelay: number }): BrokerUrls {
  const text = raw.trim();
  let list: string[];
  let query = '';
  const fo = /^failover:\/{0,2}\((.*)\)(\?.*)?$/i.exec(text);
  if (fo) {
    list = fo[1].split(',').map((s) => s.trim()).filter(Boolean);
    query = (fo[2] ?? '').slice(1);
  } else if (/^failover:/i.test(text)) {
    const rest = text.replace(/^failover:\/{0,2}/i, '');
    const q = rest.indexOf('?');
    list = (q >= 0 ? rest.slice(0, q) : rest).split(',').map((s) => s.trim()).filter(Boolean);
    query = q >= 0 ? rest.slice(q + 1) : '';
  } else {
    list = [text];
  }
  if (list.length === 0) throw new BrokerUrlError(`brokerURL '${mask(text)}' lists no broker`);
  const urls = list.map((u) => {
    try {
      return new URL(u);
    } catch {
      throw new BrokerUrlError(`brokerURL: '${mask(u)}' is not a URL`);
    }
  });
  const params = new URLSearchParams(query);
  const num = (name: string, dflt: number) => {
    const v = params.get(name);
    if (v === null) return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new BrokerUrlError(`brokerURL option ${name}=${v} must be a non-negative number`);
    return n;
  };
  return {
    urls,
    randomize: (params.get('randomize') ?? 'true').toLowerCase() !== 'false',
    initialReconnectDelay: num('initialReconnectDelay', RETRY_FIRST_MS),
    maxReconnectDelay: num('maxReconnectDelay', defaults.maxReconnectDelay),
    backOffMultiplier: num('backOffMultiplier', RETRY_GROWTH),
    username: params.get('username') ?? params.get('user') ?? undefined,
    password: params.get('password') ?? undefined,
  };
}

/** The URL with any password replaced, for logs and status. */
export function mask(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/g, '$1***@').replace(/(password=)[^&)]*/gi, '$1***');
}

/** The scheme of the first URL, lower case, e.g. 'stomp'. */
export function schemeOf(raw: string): string {
  const first = raw.trim().replace(/^failover:\/{0,2}\(?/i, '');
  return first.split(':')[0].toLowerCase();
}
