import { afterAll, describe, expect, it } from 'vitest';
import { startNode, tempDir, until, type NodeProcess } from '../helpers/node-process.js';
import { makeCA, makeCert } from '../helpers/tls-certs.js';
import { bridgeStatus, caughtUp, passwordFile, startStandIn } from './helpers.js';

describe('GeoServer bridge settings', () => {
  it('refuses to start with a password file others can read, without showing the password', async () => {
    const file = passwordFile(0o644);
    const err = await startNode({ env: { GEOCLUSTER_BRIDGE_URL: 'http://127.0.0.1:9/geoserver', GEOCLUSTER_BRIDGE_PASSWORD_FILE: file }, timeoutMs: 15000 }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toContain('GEOCLUSTER_BRIDGE_PASSWORD_FILE');
    expect(err?.message).toContain('0600');
    expect(err?.message).not.toContain('test-admin-password');
  }, 30000);

  it('is off when no URL is given', async () => {
    const node = await startStandIn('alone');
    try {
      expect(node.output()).not.toContain('keeping a GeoServer in step');
    } finally {
      await node.stop();
    }
  }, 30000);
});

describe('GeoServer bridge over https', () => {
  const started: NodeProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((n) => n.stop()));
  });

  it('verifies the GeoServer with GEOCLUSTER_BRIDGE_TLS_CA, and does not send to one it cannot verify', async () => {
    const dir = tempDir('bridge-tls-');
    const ca = makeCA(dir, 'bridge-ca');
    const cert = makeCert(dir, ca, 'standin');
    const standIn = await startNode({ env: { instanceName: 'tls-standin', group: 'standalone-tls', 'discovery.peers': '', GEOCLUSTER_TLS_CERT: cert.cert, GEOCLUSTER_TLS_KEY: cert.key } });
    started.push(standIn);
    const url = `https://127.0.0.1:${standIn.port}/geoserver`;
    const pw = passwordFile();
    const verified = await startNode({ env: { instanceName: 'tls-verified', 'discovery.peers': '', GEOCLUSTER_BRIDGE_URL: url, GEOCLUSTER_BRIDGE_PASSWORD_FILE: pw, GEOCLUSTER_BRIDGE_TLS_CA: ca.ca } });
    started.push(verified);
    const s = await caughtUp(verified);
    expect(s.applied).toBeGreaterThan(0);
    expect(s.refused).toBe(0);

    const unverified = await startNode({ env: { instanceName: 'tls-unverified', 'discovery.peers': '', GEOCLUSTER_BRIDGE_URL: url, GEOCLUSTER_BRIDGE_PASSWORD_FILE: pw } });
    started.push(unverified);
    const refused = await until('the certificate refused', async () => {
      const b = await bridgeStatus(unverified);
      return b.lastError ? b : undefined;
    }, 20000);
    expect(refused.connected).toBe(false);
    expect(refused.applied).toBe(0);
    expect(refused.lastError).toMatch(/CERT|SIGNATURE|certificate/i);
  }, 60000);
});
