import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { SecurityGate } from '../../src/rest/auth.js';
import { ROLE_ADMINISTRATOR } from '../../src/security/authenticate.js';
import { applySecurityChange, putSecurityState, securityStateOf } from '../../src/security/catalog-state.js';
import { readSecurityFolder } from '../../src/security/folder.js';
import { removeUser } from '../../src/security/user-operations.js';

const basic = (cred: string) => `Basic ${Buffer.from(cred).toString('base64')}`;

function gateOn(fixture: string): { catalog: Catalog; gate: SecurityGate } {
  const catalog = new Catalog();
  putSecurityState(catalog, readSecurityFolder(path.resolve(__dirname, '../fixtures', fixture))!.state, { source: 'load' });
  return { catalog, gate: new SecurityGate(catalog) };
}

describe('SecurityGate: who calls, and what rest.properties lets them do', () => {
  it('authenticates GeoServer users; wrong credentials are undefined (401), none are anonymous', () => {
    const { gate } = gateOn('security-rich');
    const alice = gate.principal(basic('alice:s3cret'));
    expect(alice?.roles).toEqual(expect.arrayContaining(['EDITOR', 'READER', 'ROLE_AUTHENTICATED']));
    expect(gate.principal(basic('alice:nope'))).toBeUndefined();
    expect(gate.principal('Bearer x')).toBeUndefined();
    expect(gate.principal(undefined)?.anonymous).toBe(true);
    expect(gate.authenticate('carol', 'carolpw')).toEqual({ ok: false, reason: 'disabled' });
  });

  it('decides by rest.properties: first matching rule, 401 for anonymous, 403 for the others', () => {
    const { gate } = gateOn('security-rich');
    const admin = gate.principal(basic('admin:geoserver'))!;
    expect(admin.roles).toContain(ROLE_ADMINISTRATOR);
    expect(gate.access(admin, 'DELETE', '/rest/workspaces/x').allowed).toBe(true);
    expect(gate.access(gate.principal(basic('alice:s3cret'))!, 'GET', '/rest/workspaces/topp/datastores')).toMatchObject({ allowed: true });
    expect(gate.access(gate.principal(basic('alice:s3cret'))!, 'GET', '/rest/workspaces')).toMatchObject({ allowed: false, reason: 'forbidden' });
    expect(gate.access(gate.principal(undefined)!, 'GET', '/rest/workspaces')).toMatchObject({ allowed: false, reason: 'unauthenticated' });
    expect(gate.access(gate.principal(undefined)!, 'GET', '/rest/about/version')).toMatchObject({ allowed: true });
  });

  it('forgets a verified login as soon as the user is removed (locally or by replication)', () => {
    const { catalog, gate } = gateOn('security-rich');
    expect(gate.principal(basic('alice:s3cret'))).toBeDefined();
    applySecurityChange(catalog, removeUser(securityStateOf(catalog), 'default', 'alice'), { source: 'replica' });
    expect(gate.principal(basic('alice:s3cret'))).toBeUndefined();
  });

  it("reports administrators with GeoServer's well-known password, and only them", () => {
    expect(gateOn('security-release').gate.wellKnownPasswordUsers()).toEqual(['default/admin']);
  });
});
