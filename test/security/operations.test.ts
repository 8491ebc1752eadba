import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../../src/catalog/errors.js';
import { authenticate } from '../../src/security/authenticate.js';
import { readSecurityFolder } from '../../src/security/folder.js';
import type { SecurityState } from '../../src/security/model.js';
import { encodingOf } from '../../src/security/passwords.js';
import { addRole, assignRole, removeRole, roleNames, unassignRole } from '../../src/security/role-operations.js';
import { addRules, removeRule, replaceRules, ruleEntries, setCatalogMode } from '../../src/security/rule-operations.js';
import { addGroup, addMember, addUser, removeGroup, removeMember, removeUser, setOwnPassword, updateUser } from '../../src/security/user-operations.js';
import { createSecurityView } from '../../src/security/view.js';

const rich = (): SecurityState => readSecurityFolder(path.resolve(__dirname, '../fixtures/security-rich'))!.state;

/** The refusal, checked to leave the state as it was (operations never edit it in place). */
function refused(state: SecurityState, fn: (s: SecurityState) => unknown): CatalogError {
  const before = JSON.stringify(state);
  try {
    fn(state);
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogError);
    expect(JSON.stringify(state)).toBe(before);
    return err as CatalogError;
  }
  throw new Error('expected a refusal');
}

describe('users, groups and memberships (UsersRestController, AbstractUserGroupStore)', () => {
  it('adds a user with a digest1 password, enabled by default, as one whole object', () => {
    const { state, changes } = addUser(rich(), 'default', { userName: 'zoe', password: 'z0e-pass' });
    expect(changes).toEqual([{ kind: 'securityUser', op: 'put', object: expect.objectContaining({ id: 'securityUser:default:zoe', enabled: 'true' }) }]);
    expect(encodingOf(state.users.find((u) => u.name === 'zoe')!.password)).toBe('digest1');
    expect(authenticate(createSecurityView(state), 'zoe', 'z0e-pass').ok).toBe(true);
  });

  it('refuses a duplicate user or group, a hostile name, an unknown service, and changes nothing', () => {
    const s = rich();
    expect(refused(s, (x) => addUser(x, 'default', { userName: 'alice' }))).toMatchObject({ code: 'duplicate', message: 'The user alice already exists' });
    expect(refused(s, (x) => addGroup(x, 'default', 'editors'))).toMatchObject({ code: 'duplicate', message: 'The group editors already exists' });
    expect(refused(s, (x) => addUser(x, 'default', { userName: '../../etc' })).code).toBe('bad_name');
    expect(refused(s, (x) => addUser(x, 'default', { userName: 'new\nline' })).code).toBe('bad_name');
    expect(refused(s, (x) => addUser(x, 'default', {})).code).toBe('invalid');
    expect(refused(s, (x) => addUser(x, 'nope', { userName: 'z' }))).toMatchObject({ code: 'not_found', message: 'Provided user/group service does not exist: nope' });
  });

  it('updates only the fields given; the name never changes', () => {
    const { state } = updateUser(rich(), 'default', 'bob', { enabled: false });
    const bob = state.users.find((u) => u.name === 'bob')!;
    expect([bob.enabled, bob.password]).toEqual(['false', 'plain:bobpw']);
    const again = updateUser(state, 'default', 'bob', { userName: 'robert', password: 'n3w-pass' }).state;
    expect(again.users.some((u) => u.name === 'robert')).toBe(false);
    expect(encodingOf(again.users.find((u) => u.name === 'bob')!.password)).toBe('digest1');
  });

  it('removes a user with its memberships, a group with its memberships', () => {
    const { changes } = removeUser(rich(), 'default', 'alice');
    expect(changes.map((c) => `${c.op} ${c.object.id}`)).toEqual(['remove securityUser:default:alice', 'remove groupMember:default:editors:alice']);
    const g = removeGroup(rich(), 'default', 'editors');
    expect(g.state.members.map((m) => m.id)).toEqual(['groupMember:default:retired:eve']);
  });

  it('adds and removes memberships, and an existing one is no change', () => {
    const added = addMember(rich(), 'default', 'carol', 'editors');
    expect(added.changes[0]).toMatchObject({ kind: 'groupMember', op: 'put', object: { id: 'groupMember:default:editors:carol' } });
    expect(addMember(rich(), 'default', 'alice', 'editors').changes).toEqual([]);
    expect(removeMember(rich(), 'default', 'alice', 'editors').changes[0]).toMatchObject({ op: 'remove' });
    expect(refused(rich(), (x) => addMember(x, 'default', 'alice', 'ghosts'))).toMatchObject({ code: 'not_found', message: 'Provided groupname does not exist: ghosts' });
  });

  it('refuses removing or disabling the last administrator, directly or through its group', () => {
    const s = rich();
    expect(refused(s, (x) => removeUser(x, 'default', 'admin')).code).toBe('protected');
    expect(refused(s, (x) => updateUser(x, 'default', 'admin', { enabled: false })).code).toBe('protected');
    const viaGroup = assignRole(addMember(s, 'default', 'bob', 'editors').state, 'default', 'ADMIN', { group: 'editors' }).state;
    const withoutAdmin = removeUser(viaGroup, 'default', 'admin').state; // alice and bob administer through editors
    expect(refused(withoutAdmin, (x) => removeGroup(x, 'default', 'editors')).code).toBe('protected');
    const aliceOnly = removeMember(withoutAdmin, 'default', 'bob', 'editors').state;
    expect(refused(aliceOnly, (x) => removeMember(x, 'default', 'alice', 'editors')).code).toBe('protected');
  });

  it("changes the caller's own password, in the service that knows the user", () => {
    const { state, changes } = setOwnPassword(rich(), 'frank', 'fr4nk-new');
    expect(changes[0].object.id).toBe('securityUser:partners:frank');
    expect(authenticate(createSecurityView(state), 'frank', 'fr4nk-new').ok).toBe(true);
    expect(refused(rich(), (x) => setOwnPassword(x, 'nobody', 'x')).code).toBe('invalid');
  });
});

describe('roles and role assignments (RolesRestController, AbstractRoleStore)', () => {
  it('adds a role, refuses a duplicate and a name that cannot sit in a rule', () => {
    expect(addRole(rich(), 'default', 'AUDITOR').changes[0].object.id).toBe('securityRole:default:AUDITOR');
    expect(refused(rich(), (x) => addRole(x, 'default', 'READER'))).toMatchObject({ code: 'duplicate', message: 'The role READER already exists' });
    expect(refused(rich(), (x) => addRole(x, 'default', 'A,B')).code).toBe('bad_name');
  });

  it('gives a role only if it exists, to a user or a group, once', () => {
    const s = rich();
    expect(refused(s, (x) => assignRole(x, 'default', 'NOPE', { user: 'bob' }))).toMatchObject({ code: 'not_found', message: 'Provided role does not exist: NOPE' });
    const given = assignRole(s, 'default', 'READER', { user: 'bob' });
    expect(given.changes[0].object.id).toBe('roleAssignment:default:user:bob:READER');
    expect(assignRole(given.state, 'default', 'READER', { user: 'bob' }).changes).toEqual([]);
    expect(roleNames(given.state, 'default', { user: 'bob' })).toEqual(['READER']);
    expect(roleNames(s, 'default', { group: 'editors' })).toEqual(['EDITOR']);
    expect(unassignRole(given.state, 'default', 'READER', { user: 'bob' }).changes[0].op).toBe('remove');
  });

  it('removes a role with its assignments and the parent link of its children', () => {
    const { state, changes } = removeRole(rich(), 'default', 'READER');
    expect(changes.map((c) => `${c.op} ${c.object.id}`)).toEqual([
      'remove securityRole:default:READER',
      'remove roleAssignment:default:user:frank:READER',
      'put securityRole:default:EDITOR',
    ]);
    expect(state.roles.find((r) => r.name === 'EDITOR')!.parent).toBeUndefined();
  });

  it('refuses taking the administrator role away from the last administrator', () => {
    expect(refused(rich(), (x) => unassignRole(x, 'default', 'ADMIN', { user: 'admin' })).code).toBe('protected');
    expect(refused(rich(), (x) => removeRole(x, 'default', 'ADMIN')).code).toBe('protected');
    expect(refused(rich(), (x) => roleNames(x, 'nope')).code).toBe('not_found');
  });
});

describe('access rules (AbstractAclController)', () => {
  it('lists, adds, replaces and removes layer rules by their REST key', () => {
    let s = rich();
    expect(ruleEntries(s, 'layers')[0]).toEqual(['*.*.r', '*']);
    s = addRules(s, 'layers', [['sf.*.r', 'READER']]).state;
    s = replaceRules(s, 'layers', [['sf.*.r', 'EDITOR']]).state;
    expect(ruleEntries(s, 'layers')).toContainEqual(['sf.*.r', 'EDITOR']);
    s = removeRule(s, 'layers', 'sf.*.r').state;
    expect(ruleEntries(s, 'layers').some(([k]) => k === 'sf.*.r')).toBe(false);
  });

  it('refuses the whole body when one rule exists (POST), is unknown (PUT) or is malformed', () => {
    const s = rich();
    expect(refused(s, (x) => addRules(x, 'layers', [['sf.*.r', 'X'], ['*.*.r', 'Y']]))).toMatchObject({ code: 'duplicate', message: 'Already existing rules: *.*.r' });
    expect(refused(s, (x) => replaceRules(x, 'services', [['wms.GetMap', 'X']]))).toMatchObject({ code: 'not_found', message: 'Unknown rules: wms.GetMap' });
    expect(refused(s, (x) => addRules(x, 'layers', [['sf.*.r', 'X'], ['sf.roads.a', 'Y']])).code).toBe('invalid');
    expect(refused(s, (x) => removeRule(x, 'services', 'wms.GetMap'))).toMatchObject({ code: 'not_found', message: 'Rule not found: wms.GetMap' });
    expect(refused(s, (x) => removeRule(x, 'layers', 'not-a-rule')).code).toBe('invalid');
  });

  it('keeps rest rules in order: new ones go last, replaced ones keep their place', () => {
    let s = rich();
    s = addRules(s, 'rest', [['/rest/styles/**:GET', 'READER']]).state;
    expect(ruleEntries(s, 'rest').map(([k]) => k)).toEqual(['/rest/workspaces/topp/**:GET', '/rest/about/**:GET', '/**:GET,HEAD,OPTIONS', '/**:POST,DELETE,PUT', '/rest/styles/**:GET']);
    s = replaceRules(s, 'rest', [['/rest/workspaces/topp/**:GET', 'READER,EDITOR']]).state;
    expect(ruleEntries(s, 'rest')[0]).toEqual(['/rest/workspaces/topp/**:GET', 'READER,EDITOR']);
    expect(removeRule(s, 'rest', '/rest/about/**:GET').changes[0].object.id).toBe('restAccessRule:%2Frest%2Fabout%2F**%3BGET');
  });

  it('sets the catalog mode as one object, and setting the same mode is no change', () => {
    expect(setCatalogMode(rich(), 'CHALLENGE').changes).toEqual([{ kind: 'catalogMode', op: 'put', object: { id: 'catalogMode', mode: 'CHALLENGE' } }]);
    expect(setCatalogMode(rich(), 'MIXED').changes).toEqual([]);
  });
});
