import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../../src/catalog/errors.js';
import { administrators, authenticate, checkAdministratorRemains, principalOf, ROLE_ADMINISTRATOR } from '../../src/security/authenticate.js';
import { readSecurityFolder } from '../../src/security/folder.js';
import type { SecurityState } from '../../src/security/model.js';
import { userRole } from '../../src/security/roles-xml.js';
import { createSecurityView } from '../../src/security/view.js';

const RICH = path.resolve(__dirname, '../fixtures/security-rich');
const RELEASE = path.resolve(__dirname, '../fixtures/security-release');

function richState(): SecurityState {
  return readSecurityFolder(RICH)!.state;
}

describe('authentication against GeoServer users (UsernamePasswordAuthenticationProvider)', () => {
  const view = createSecurityView(richState());

  it('logs in the release admin and reports the well-known default password', () => {
    const release = createSecurityView(readSecurityFolder(RELEASE)!.state);
    const result = authenticate(release, 'admin', 'geoserver');
    expect(result).toEqual({
      ok: true,
      wellKnownDefault: true,
      principal: { name: 'admin', userGroupService: 'default', roles: ['ADMIN', 'ROLE_ADMINISTRATOR', 'ROLE_AUTHENTICATED'], enabled: true, anonymous: false },
    });
  });

  it('gives the roles of enabled groups and their ancestors (RoleCalculator)', () => {
    const alice = authenticate(view, 'alice', 's3cret');
    expect(alice).toMatchObject({ ok: true, wellKnownDefault: false });
    expect(alice.ok && alice.principal.roles).toEqual(['EDITOR', 'READER', 'ROLE_AUTHENTICATED']);
    const bob = authenticate(view, 'bob', 'bobpw');
    expect(bob.ok && bob.principal.roles).toEqual(['EDITOR', 'READER', 'ROLE_AUTHENTICATED']);
  });

  it('does not give the roles of a disabled group', () => {
    const eve = authenticate(view, 'eve', 'evepw');
    expect(eve.ok && eve.principal.roles).toEqual(['ROLE_AUTHENTICATED', 'TOPP_ADMIN']);
  });

  it('tries every provider in order: a user of the second user/group service logs in', () => {
    const frank = authenticate(view, 'frank', 'frankpw');
    expect(frank.ok && frank.principal).toMatchObject({ name: 'frank', userGroupService: 'partners', roles: ['READER', 'ROLE_AUTHENTICATED'] });
  });

  it('refuses disabled users, wrong passwords, unknown users and passwords it cannot check', () => {
    expect(authenticate(view, 'carol', 'carolpw')).toEqual({ ok: false, reason: 'disabled' });
    expect(authenticate(view, 'bob', 'wrong')).toEqual({ ok: false, reason: 'bad_password' });
    expect(authenticate(view, 'nobody', 'x')).toEqual({ ok: false, reason: 'unknown_user' });
    expect(authenticate(view, 'dave', 'whatever')).toMatchObject({ ok: false, reason: 'unverifiable' });
  });

  it('ignores users of a service that no authentication provider reads', () => {
    const state = richState();
    state.config = { ...state.config, config: { ...state.config.config, authProviderNames: { string: 'default' } } };
    expect(authenticate(createSecurityView(state), 'frank', 'frankpw')).toEqual({ ok: false, reason: 'unknown_user' });
  });

  it('maps the role service adminRoleName to ROLE_ADMINISTRATOR, from its config, not from a fixed name', () => {
    const state = richState();
    const role = state.roleServices[0];
    state.roleServices = [{ ...role, config: { ...role.config, adminRoleName: 'TOPP_ADMIN' } }];
    const v = createSecurityView(state);
    expect(principalOf(v, 'default', 'eve').roles).toContain(ROLE_ADMINISTRATOR);
    expect(principalOf(v, 'default', 'admin').roles).not.toContain(ROLE_ADMINISTRATOR);
  });
});

describe('the last administrator (a pure check before any change)', () => {
  const without = (state: SecurityState, patch: Partial<SecurityState>): SecurityState => ({ ...state, ...patch });

  it('finds the enabled administrators: admin only (eve reaches ADMIN only through a disabled group)', () => {
    expect(administrators(createSecurityView(richState()))).toEqual([{ service: 'default', name: 'admin' }]);
  });

  it('refuses removing, disabling or un-assigning the last administrator', () => {
    const before = richState();
    const refusals = [
      without(before, { users: before.users.filter((u) => u.name !== 'admin') }),
      without(before, { users: before.users.map((u) => (u.name === 'admin' ? { ...u, enabled: 'false' as const } : u)) }),
      without(before, { assignments: before.assignments.filter((a) => a.user !== 'admin') }),
      without(before, { roles: before.roles.filter((r) => r.name !== 'ADMIN') }),
    ];
    for (const after of refusals) {
      expect(() => checkAdministratorRemains(before, after)).toThrow(CatalogError);
      expect(() => checkAdministratorRemains(before, after)).toThrow(/would leave no enabled user with the administrator role/);
    }
  });

  it('allows it once another enabled user is an administrator, and never blocks a state that had none', () => {
    const before = richState();
    const withAlice = without(before, { assignments: [...before.assignments, userRole('default', 'alice', 'ADMIN')] });
    const after = without(withAlice, { users: withAlice.users.filter((u) => u.name !== 'admin') });
    expect(() => checkAdministratorRemains(withAlice, after)).not.toThrow();
    const none = without(before, { users: before.users.filter((u) => u.name !== 'admin') });
    expect(() => checkAdministratorRemains(none, none)).not.toThrow();
  });
});
