import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecurityFileError } from '../../src/security/errors.js';
import { readRolesXml, writeRolesXml } from '../../src/security/roles-xml.js';
import { readUsersXml, writeUsersXml } from '../../src/security/users-xml.js';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const read = (rel: string) => fs.readFileSync(path.join(FIXTURES, rel), 'utf8');

const USERS = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<userRegistry version="1.0" xmlns="http://www.geoserver.org/security/users">${body}</userRegistry>`;
const ROLES = (body: string) => `<roleRegistry version="1.0" xmlns="http://www.geoserver.org/security/roles">${body}</roleRegistry>`;

function fileError(fn: () => unknown): SecurityFileError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SecurityFileError);
    return err as SecurityFileError;
  }
  throw new Error('expected a SecurityFileError');
}

describe('users.xml (GeoServer XMLUserGroupService)', () => {
  it('reads the release data directory users.xml and writes it back byte for byte', () => {
    const text = read('security-release/security/usergroup/default/users.xml');
    const reg = readUsersXml(text, 'default', 'security/usergroup/default/users.xml');
    expect(reg.users).toEqual([
      { id: 'securityUser:default:admin', service: 'default', name: 'admin', enabled: 'true', password: 'digest1:D9miJH/hVgfxZJscMafEtbtliG0ROxhLfsznyWfG38X2pda2JOSV4POi55PQI4tw' },
    ]);
    expect(reg.groups).toEqual([]);
    expect(writeUsersXml(reg)).toBe(text);
  });

  it('reads groups, members and user properties, and writes them back byte for byte', () => {
    const text = read('security-rich/security/usergroup/default/users.xml');
    const reg = readUsersXml(text, 'default', 'users.xml');
    expect(reg.users.map((u) => `${u.name}:${u.enabled}`)).toEqual(['admin:true', 'alice:true', 'bob:true', 'carol:false', 'dave:true', 'eve:true']);
    expect(reg.users[1].element).toEqual({ property: { '@name': 'email', $: 'alice@example.org' } });
    expect(reg.members.map((m) => m.id)).toEqual(['groupMember:default:editors:alice', 'groupMember:default:editors:bob', 'groupMember:default:retired:eve']);
    expect(reg.groups.find((g) => g.name === 'retired')?.enabled).toBe('false');
    expect(writeUsersXml(reg)).toBe(text);
  });

  it('keeps unknown attributes and elements of users, groups and the registry', () => {
    const text = USERS('<users><user name="u" future="1"><extra><deep>x</deep></extra></user></users><groups><group name="g" note="n"/></groups><later flag="on"/>');
    const reg = readUsersXml(text, 'svc', 'users.xml');
    const again = readUsersXml(writeUsersXml(reg), 'svc', 'users.xml');
    expect(again).toEqual(reg);
    expect(again.users[0].element).toEqual({ '@future': '1', extra: { deep: 'x' } });
    expect(again.registry).toEqual({ later: { '@flag': 'on' } });
    expect(again.users[0].enabled).toBe('true'); // the schema's default when absent
  });

  it('writes users and groups sorted by name as GeoServer, and never a member of a user that is gone', () => {
    const reg = readUsersXml(USERS('<users><user name="b"/><user name="a"/></users><groups><group name="g"><member username="b"/><member username="a"/></group></groups>'), 's', 'f');
    reg.users = reg.users.filter((u) => u.name !== 'b');
    const xml = writeUsersXml(reg);
    expect(xml).toContain('<user enabled="true" name="a"/>');
    expect(xml).not.toContain('username="b"');
    expect(xml).toContain('<member username="a"/>');
  });

  it('refuses a malformed file, naming the file and the element', () => {
    expect(fileError(() => readUsersXml('<users/>', 's', 'security/usergroup/s/users.xml')).message).toBe('security/usergroup/s/users.xml, <users>: expected the root element <userRegistry>');
    expect(fileError(() => readUsersXml('<userRegistry version="1.0"><users/></userRegistry>', 's', 'f')).message).toMatch(/<userRegistry>: expected xmlns="http:\/\/www.geoserver.org\/security\/users", found none/);
    expect(fileError(() => readUsersXml(USERS('<users><user enabled="true"/></users>'), 's', 'f')).message).toBe("f, <user>: the attribute 'name' is missing");
    expect(fileError(() => readUsersXml(USERS('<users><user name="a"/><user name="a"/></users>'), 's', 'f')).message).toMatch(/the user 'a' appears twice/);
    expect(fileError(() => readUsersXml(USERS('<users><user name="a" enabled="yes"/></users>'), 's', 'f')).message).toMatch(/'enabled' must be true or false/);
    expect(fileError(() => readUsersXml(USERS('<users/><groups><group name="g"><member username="x"/></group></groups>'), 's', 'f')).message).toMatch(/<member>: group 'g' lists the unknown user 'x'/);
    expect(fileError(() => readUsersXml(USERS('<users><person name="a"/></users>'), 's', 'f')).message).toMatch(/<users>: unexpected <person> in <users>/);
    const syntax = fileError(() => readUsersXml('<userRegistry><users></userRegistry>', 's', 'f'));
    expect(syntax.message).toMatch(/^f, <users>: .*does not match/);
  });

  it('refuses entity declarations (no XXE through a data directory file)', () => {
    const evil = '<!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + USERS('<users><user name="&x;"/></users>');
    expect(fileError(() => readUsersXml(evil, 's', 'f')).message).toMatch(/DTDs and entity declarations are not allowed/);
  });
});

describe('roles.xml (GeoServer XMLRoleService)', () => {
  it('reads the release data directory roles.xml and writes it back byte for byte', () => {
    const text = read('security-release/security/role/default/roles.xml');
    const reg = readRolesXml(text, 'default', 'roles.xml');
    expect(reg.roles.map((r) => r.id)).toEqual(['securityRole:default:ADMIN', 'securityRole:default:GROUP_ADMIN']);
    expect(reg.assignments).toEqual([{ id: 'roleAssignment:default:user:admin:ADMIN', service: 'default', role: 'ADMIN', user: 'admin' }]);
    expect(writeRolesXml(reg)).toBe(text);
  });

  it('reads parents, properties and roles of groups, and writes them back byte for byte', () => {
    const text = read('security-rich/security/role/default/roles.xml');
    const reg = readRolesXml(text, 'default', 'roles.xml');
    expect(reg.roles.find((r) => r.name === 'EDITOR')?.parent).toBe('READER');
    expect(reg.roles.find((r) => r.name === 'READER')?.element).toEqual({ property: { '@name': 'bbox', $: '0,0,10,10' } });
    expect(reg.assignments.filter((a) => a.group !== undefined).map((a) => a.id)).toEqual(['roleAssignment:default:group:editors:EDITOR', 'roleAssignment:default:group:retired:ADMIN']);
    expect(writeRolesXml(reg)).toBe(text);
  });

  it('keeps unknown attributes of a roleRef and of the registry', () => {
    const reg = readRolesXml(ROLES('<roleList><role id="R"/></roleList><userList><userRoles username="u"><roleRef roleID="R" since="2020"/></userRoles></userList><groupList/><note>n</note>'), 's', 'f');
    expect(readRolesXml(writeRolesXml(reg), 's', 'f')).toEqual(reg);
    expect(reg.assignments[0].element).toEqual({ '@since': '2020' });
  });

  it('refuses an assignment of an unknown role and an unknown parent, naming the element', () => {
    expect(fileError(() => readRolesXml(ROLES('<roleList/><userList><userRoles username="u"><roleRef roleID="NOPE"/></userRoles></userList><groupList/>'), 's', 'f')).message).toBe(
      "f, <roleRef>: user 'u' is given the unknown role 'NOPE'",
    );
    expect(fileError(() => readRolesXml(ROLES('<roleList><role id="A" parentID="B"/></roleList><userList/><groupList/>'), 's', 'f')).message).toMatch(/<role>: role 'A' has the unknown parent 'B'/);
    expect(fileError(() => readRolesXml(ROLES('<roleList><role/></roleList>'), 's', 'f')).message).toMatch(/the attribute 'id' is missing/);
  });

  it('never writes an assignment or a parent that names a role that is gone', () => {
    const reg = readRolesXml(ROLES('<roleList><role id="A" parentID="B"/><role id="B"/></roleList><userList><userRoles username="u"><roleRef roleID="B"/></userRoles></userList><groupList/>'), 's', 'f');
    reg.roles = reg.roles.filter((r) => r.name !== 'B');
    const xml = writeRolesXml(reg);
    expect(xml).not.toContain('"B"');
    expect(readRolesXml(xml, 's', 'f').roles).toEqual([{ id: 'securityRole:s:A', service: 's', name: 'A' }]);
  });
});
