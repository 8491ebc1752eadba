import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSecurityFolder } from '../../src/security/folder.js';
import { fileOf, ids, kindOfId, SECURITY_KINDS, securityId, type SecurityKind, type SecurityObject } from '../../src/security/model.js';

describe('ids of security objects', () => {
  it('derive from names, escaped so that no name can make two objects share an id', () => {
    expect(ids.user('default', 'admin')).toBe('securityUser:default:admin');
    expect(ids.member('default', 'a:b', 'c')).not.toBe(ids.member('default', 'a', 'b:c'));
    expect(ids.userRole('s', 'u', 'R')).not.toBe(ids.groupRole('s', 'u', 'R'));
    expect(securityId('securityGroup', 'svc', 'x/y')).toBe('securityGroup:svc:x%2Fy');
  });

  it('tell their kind', () => {
    for (const kind of SECURITY_KINDS) expect(kindOfId(securityId(kind, 'x'))).toBe(kind);
    expect(kindOfId('WorkspaceInfoImpl-1')).toBeUndefined();
  });

  it('map every kind to the file GeoServer keeps it in', () => {
    const state = readSecurityFolder(path.resolve(__dirname, '../fixtures/security-rich'))!.state;
    const one: Record<SecurityKind, SecurityObject> = {
      securityConfig: state.config,
      userGroupService: state.userGroupServices[1],
      roleService: state.roleServices[0],
      authProvider: state.authProviders[0],
      securityUser: state.users[0],
      securityGroup: state.groups[0],
      groupMember: state.members[0],
      securityRole: state.roles[0],
      roleAssignment: state.assignments[0],
      dataAccessRule: state.dataRules[0],
      catalogMode: state.catalogMode,
      serviceAccessRule: state.serviceRules[0],
      restAccessRule: state.restRules[0],
    };
    expect(Object.fromEntries(SECURITY_KINDS.map((k) => [k, fileOf(state, k, one[k])]))).toEqual({
      securityConfig: 'security/config.xml',
      userGroupService: 'security/usergroup/partners/config.xml',
      roleService: 'security/role/default/config.xml',
      authProvider: 'security/auth/default/config.xml',
      securityUser: 'security/usergroup/default/users.xml',
      securityGroup: 'security/usergroup/default/users.xml',
      groupMember: 'security/usergroup/default/users.xml',
      securityRole: 'security/role/default/roles.xml',
      roleAssignment: 'security/role/default/roles.xml',
      dataAccessRule: 'security/layers.properties',
      catalogMode: 'security/layers.properties',
      serviceAccessRule: 'security/services.properties',
      restAccessRule: 'security/rest.properties',
    });
  });
});
