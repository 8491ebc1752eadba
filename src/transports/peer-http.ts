import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { pipeline } from 'node:stream/promises';
import { TOKEN_HEADER } from './embedded/journal-server.js';
import type { PeerTokens, TransportPorts } from './ports.js';

/** TLS toward peers' https:// URLs: the CA that verifies them (tls.ca) and this node's own certificate, shown as a client certificate. */
export interface PeerTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** Read when a transport is made: a changed tls.ca makes a new transport. */
export function peerTlsOf(ports: TransportPorts): PeerTls {
  const ca = ports.settings().tlsCA;
  return { ca: ca ? fs.readFileSync(ca) : undefined, cert: ports.address.tls?.cert, key: ports.address.tls?.key };
}

/** A GET to a peer over http or https, whichever its URL says. */
export function peerGet(url: URL, headers: Record<string, string>, tls: PeerTls, onResponse: (res: http.IncomingMessage) => void): http.ClientRequest {
  if (url.protocol === 'https:') return https.get(url, { headers, agent: false, ca: tls.ca, cert: tls.cert, key: tls.key }, onResponse);
  return http.get(url, { headers, agent: false }, onResponse);
}

/**
 * A GET to a peer's journal endpoints (/cluster/journal, /cluster/snapshot), introducing this
 * node and proving it knows the cluster secret.
 */
export function getFromPeer(url: string, self: { instanceName: string; group: string }, tokens: PeerTokens, tls: PeerTls, timeoutMs = 120_000): Promise<string> {
  const sep = url.includes('?') ? '&' : '?';
  const full = `${url}${sep}instance=${encodeURIComponent(self.instanceName)}&group=${encodeURIComponent(self.group)}`;
  return new Promise((resolve, reject) => {
    const target = new URL(full);
    const req = peerGet(target, { [TOKEN_HEADER]: tokens.token('GET', target) }, tls, (res) => {
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

/**
 * Streams a peer's snapshot into a file (constant memory), introducing this node as getFromPeer
 * does. The file is fsynced before the promise resolves; on any failure it is incomplete and the
 * caller starts again.
 */
export function downloadFromPeer(url: string, self: { instanceName: string; group: string }, tokens: PeerTokens, tls: PeerTls, file: string, idleMs = 120_000): Promise<void> {
  const sep = url.includes('?') ? '&' : '?';
  const target = new URL(`${url}${sep}instance=${encodeURIComponent(self.instanceName)}&group=${encodeURIComponent(self.group)}`);
  return new Promise((resolve, reject) => {
    const req = peerGet(target, { [TOKEN_HEADER]: tokens.token('GET', target) }, tls, (res) => {
      if (res.statusCode !== 200) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => reject(new Error(`${res.statusCode} from ${url}: ${Buffer.concat(chunks).toString('utf8')}`)));
        return;
      }
      const out = fs.createWriteStream(file);
      pipeline(res, out).then(() => {
        const fd = fs.openSync(file, 'r+');
        fs.fsyncSync(fd);
        fs.closeSync(fd);
        resolve();
      }, reject);
    });
    req.on('error', reject);
    req.setTimeout(idleMs, () => req.destroy(new Error(`no data from ${url} for ${idleMs} ms`)));
  });
}
