import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { SecurityGate } from '../../src/rest/auth.js';
import { applySecurityChange, putSecurityState, securityStateOf } from '../../src/security/catalog-state.js';
import { readSecurityFolder } from '../../src/security/folder.js';
import { setOwnPassword } from '../../src/security/user-operations.js';

const basic = (cred: string) => `Basic ${Buffer.from(cred).toString('base64')}`;

function gateOn(fixture: string): { catalog: Catalog; gate: SecurityGate } {
  const catalog = new Catalog();
  putSecurityState(catalog, readSecurityFolder(path.resolve(__dirname, '../fixtures', fixture))!.state, { source: 'load' });
  return { catalog, gate: new SecurityGate(catalog) };
}

describe('SecurityGate: verified logins remembered between requests', () => {
  it('a password change (local or replicated) refuses the old password at once and admits the new one', () => {
    for (const source of ['local', 'replica'] as const) {
      const { catalog, gate } = gateOn('security-rich');
      const old = basic('alice:s3cret');
      expect(gate.principal(old)).toBeDefined();
      expect(gate.principal(old)).toBeDefined();
      applySecurityChange(catalog, setOwnPassword(securityStateOf(catalog), 'alice', 'n3w-secret'), { source });
      expect(gate.principal(old), source).toBeUndefined();
      expect(gate.principal(basic('alice:n3w-secret'))?.name, source).toBe('alice');
    }
  });

  it('grants by rule without listing workspaces, and still lets a workspace administrator in', () => {
    const { catalog, gate } = gateOn('security-rich');
    const admin = gate.principal(basic('admin:geoserver'))!;
    expect(gate.access(admin, 'GET', '/rest/workspaces')).toMatchObject({ allowed: true, by: 'rule' });
    const alice = gate.principal(basic('alice:s3cret'))!;
    expect(gate.access(alice, 'GET', '/rest/workspaces')).toMatchObject({ allowed: false, reason: 'forbidden' });
    catalog.add('workspace', { id: 'ws-topp', name: 'topp' }, { source: 'local' });
    catalog.add('workspace', { id: 'ws-sf', name: 'sf' }, { source: 'local' });
    const eve = gate.principal(basic('eve:evepw'))!;
    expect(gate.access(eve, 'GET', '/rest/workspaces.json')).toMatchObject({ allowed: true, by: 'workspace-admin', workspaces: ['topp'] });
    expect(gate.access(eve, 'POST', '/rest/workspaces/sf/datastores')).toMatchObject({ allowed: false });
  });
});
