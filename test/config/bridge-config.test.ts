import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBridgeConfig } from '../../src/config/bridge-config.js';
import { tempDir } from '../helpers/node-process.js';

const SECRET = 'bridge-password-under-test';

function file(mode: number, content = `${SECRET}\n`): string {
  const f = path.join(tempDir('bridge-config-'), 'pw');
  fs.writeFileSync(f, content, { mode });
  fs.chmodSync(f, mode);
  return f;
}

describe('bridge settings (src/config/bridge-config.ts)', () => {
  it('is off without a URL', () => {
    expect(loadBridgeConfig({})).toBeUndefined();
    expect(loadBridgeConfig({ GEOCLUSTER_BRIDGE_PASSWORD: SECRET })).toBeUndefined();
  });

  it('reads URL, user and a 0600 password file, and never shows the password when printed', () => {
    const config = loadBridgeConfig({ GEOCLUSTER_BRIDGE_URL: 'http://127.0.0.1:8080/geoserver/', GEOCLUSTER_BRIDGE_USER: 'ops', GEOCLUSTER_BRIDGE_PASSWORD_FILE: file(0o600) })!;
    expect(config.url).toBe('http://127.0.0.1:8080/geoserver');
    expect(config.user).toBe('ops');
    expect(config.password()).toBe(SECRET);
    expect(JSON.stringify(config)).not.toContain(SECRET);
    expect(String(Object.values(config))).not.toContain(SECRET);
  });

  it('takes the keys by their own names too, as cluster.properties keys are given in the environment', () => {
    const config = loadBridgeConfig({ 'bridge.url': 'https://gs.example/geoserver', 'bridge.passwordFile': file(0o400) })!;
    expect(config.url).toBe('https://gs.example/geoserver');
    expect(config.user).toBe('admin');
  });

  it('refuses a password file its group or others can read, a URL with credentials, no password, a bad time-out', () => {
    for (const mode of [0o640, 0o604, 0o644]) {
      expect(() => loadBridgeConfig({ GEOCLUSTER_BRIDGE_URL: 'http://h/geoserver', GEOCLUSTER_BRIDGE_PASSWORD_FILE: file(mode) })).toThrow(/readable by its group or others .*0600/);
    }
    expect(() => loadBridgeConfig({ GEOCLUSTER_BRIDGE_URL: 'http://admin:x@h/geoserver', GEOCLUSTER_BRIDGE_PASSWORD: SECRET })).toThrow(/must not carry credentials/);
    expect(() => loadBridgeConfig({ GEOCLUSTER_BRIDGE_URL: 'ftp://h/geoserver', GEOCLUSTER_BRIDGE_PASSWORD: SECRET })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => loadBridgeConfig({ GEOCLUSTER_BRIDGE_URL: 'http://h/geoserver' })).toThrow(/no password/);
    expect(() => loadBridgeConfig({ GEOCLUSTER_BRIDGE_URL: 'http://h/geoserver', 'bridge.url': 'http://other/geoserver', GEOCLUSTER_BRIDGE_PASSWORD: SECRET })).toThrow(/both set and differ/);
    expect(() => loadBridgeConfig({ GEOCLUSTER_BRIDGE_URL: 'http://h/geoserver', GEOCLUSTER_BRIDGE_PASSWORD_FILE: '/nonexistent/pw' })).toThrow(/cannot be read/);
    expect(() => loadBridgeConfig({ GEOCLUSTER_BRIDGE_URL: 'http://h/geoserver', GEOCLUSTER_BRIDGE_PASSWORD: SECRET, GEOCLUSTER_BRIDGE_TIMEOUT_MS: 'soon' })).toThrow(/TIMEOUT_MS/);
    let refusal: Error | undefined;
    try {
      loadBridgeConfig({ GEOCLUSTER_BRIDGE_URL: 'http://h/geoserver', GEOCLUSTER_BRIDGE_PASSWORD_FILE: file(0o644) });
    } catch (err) {
      refusal = err as Error;
    }
    expect(refusal?.message).toMatch(/0600/);
    expect(refusal?.message).not.toContain(SECRET);
  });
});
