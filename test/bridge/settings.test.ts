import { describe, expect, it } from 'vitest';
import { startNode } from '../helpers/node-process.js';
import { passwordFile, startStandIn } from './helpers.js';

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
