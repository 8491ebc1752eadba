import { describe, expect, it } from 'vitest';
import { CatalogError } from '../../src/catalog/errors.js';
import { checkSecurityName } from '../../src/security/names.js';
import {
  decodeCatalogMode,
  decodeRules,
  decodeSelfPassword,
  decodeUser,
  encodeCatalogMode,
  encodeGroups,
  encodeRoles,
  encodeRules,
  encodeUsers,
  MASTER_PASSWORD_ANSWERS,
} from '../../src/security/rest-bodies.js';

function refusal(fn: () => unknown): CatalogError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogError);
    return err as CatalogError;
  }
  throw new Error('expected a refusal');
}

describe('bodies of /rest/security/usergroup and /rest/security/roles (GeoServer docs rest/api/userrole)', () => {
  it('lists users without their passwords, in JSON and XML', () => {
    const users = [{ name: 'admin', enabled: 'true' as const }, { name: 'carol', enabled: false }];
    expect(encodeUsers(users, 'json')).toEqual({ contentType: 'application/json', body: '{"users":[{"userName":"admin","enabled":true},{"userName":"carol","enabled":false}]}' });
    expect(encodeUsers(users, 'xml').body).toBe(
      '<users>\n  <user>\n    <userName>admin</userName>\n    <enabled>true</enabled>\n  </user>\n  <user>\n    <userName>carol</userName>\n    <enabled>false</enabled>\n  </user>\n</users>',
    );
    expect(encodeUsers([], 'json').body).toBe('{"users":[]}');
    expect(encodeUsers([], 'xml').body).toBe('<users/>');
  });

  it('lists groups and roles as names', () => {
    expect(encodeGroups(['editors'], 'json').body).toBe('{"groups":["editors"]}');
    expect(encodeGroups(['a', 'b'], 'xml').body).toBe('<groups>\n  <group>a</group>\n  <group>b</group>\n</groups>');
    expect(encodeRoles(['ADMIN', 'GROUP_ADMIN'], 'json').body).toBe('{"roles":["ADMIN","GROUP_ADMIN"]}');
    expect(encodeRoles([], 'xml').body).toBe('<roles/>');
  });

  it('reads a user sent bare (GeoServer docs), wrapped as geoserver-node-client sends it, or in XML', () => {
    expect(decodeUser('{"userName":"u","password":"p","enabled":true}', 'json')).toEqual({ userName: 'u', password: 'p', enabled: true });
    expect(decodeUser('{"user":{"userName":"u","password":"p","enabled":true}}', 'json')).toEqual({ userName: 'u', password: 'p', enabled: true });
    expect(decodeUser("{'user':{'password':'p', enabled:'false',}}", 'json')).toEqual({ password: 'p', enabled: false });
    expect(decodeUser('<user><userName>u</userName><enabled>false</enabled></user>', 'xml')).toEqual({ userName: 'u', enabled: false });
  });

  it('refuses a malformed user body, saying what was wrong', () => {
    expect(refusal(() => decodeUser('{"userName":"u","enabled":"maybe"}', 'json')).message).toBe("enabled must be true or false, found 'maybe'");
    expect(refusal(() => decodeUser('<person/>', 'xml')).message).toBe('Expected a <user> body, found <person>');
    expect(refusal(() => decodeUser('{"userName":{"a":1}}', 'json')).message).toBe('userName must be a single value');
    expect(refusal(() => decodeUser('{oops', 'json')).message).toMatch(/^Malformed JSON body/);
    expect(refusal(() => decodeUser('', 'json')).message).toBe('The request has no body');
    expect(refusal(() => decodeUser('<!DOCTYPE user [<!ENTITY x "y">]><user/>', 'xml')).message).toMatch(/DTDs and entity declarations are not allowed/);
  });
});

describe('bodies of the access rule endpoints (RuleMap JSON and XML converters)', () => {
  const rules: Array<[string, string]> = [
    ['*.*.r', '*'],
    ['*.*.w', 'GROUP_ADMIN,ADMIN'],
  ];

  it('writes rules as a flat JSON map and as <rule resource="…"> elements', () => {
    expect(encodeRules(rules, 'json').body).toBe('{"*.*.r":"*","*.*.w":"GROUP_ADMIN,ADMIN"}');
    expect(encodeRules(rules, 'xml').body).toBe('<rules>\n  <rule resource="*.*.r">*</rule>\n  <rule resource="*.*.w">GROUP_ADMIN,ADMIN</rule>\n</rules>');
    expect(encodeRules([], 'xml').body).toBe('<rules/>');
  });

  it('reads them back, trimming the roles as GeoServer (getTextTrim)', () => {
    expect(decodeRules('{"topp.*.r":"ROLE_AUTHORIZED","topp.mylayer.w":"ROLE_1,ROLE_2"}', 'json')).toEqual([
      ['topp.*.r', 'ROLE_AUTHORIZED'],
      ['topp.mylayer.w', 'ROLE_1,ROLE_2'],
    ]);
    // geoserver-rest-docs security.rst
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<rules>\n   <rule resource="topp.*.r">ROLE_AUTHORIZED</rule>\n   <rule resource="topp.mylayer.w">ROLE_1,ROLE_2</rule>\n</rules>';
    expect(decodeRules(xml, 'xml')).toEqual([
      ['topp.*.r', 'ROLE_AUTHORIZED'],
      ['topp.mylayer.w', 'ROLE_1,ROLE_2'],
    ]);
    expect(decodeRules('<rules/>', 'xml')).toEqual([]);
  });

  it('refuses rules without a resource or with non-text roles', () => {
    expect(refusal(() => decodeRules('<rules><rule>X</rule></rules>', 'xml')).message).toBe('Every <rule> needs a resource attribute');
    expect(refusal(() => decodeRules('{"a.b.r":["X"]}', 'json')).message).toMatch(/must be a string/);
    expect(refusal(() => decodeRules('<rules><other/></rules>', 'xml')).message).toMatch(/Expected <rule> elements/);
  });
});

describe('catalog mode, own password and keystore password bodies', () => {
  it('writes and reads the catalog mode (CatalogModeController)', () => {
    expect(encodeCatalogMode('HIDE', 'json').body).toBe('{"mode":"HIDE"}');
    expect(encodeCatalogMode('MIXED', 'xml').body).toBe('<catalog>\n  <mode>MIXED</mode>\n</catalog>');
    expect(decodeCatalogMode('<catalog><mode>CHALLENGE</mode></catalog>', 'xml')).toBe('CHALLENGE');
    expect(decodeCatalogMode('{"mode":"MIXED"}', 'json')).toBe('MIXED');
  });

  it('answers a missing mode as not found and an unknown one as invalid, as GeoServer (404, 422)', () => {
    expect(refusal(() => decodeCatalogMode('{"other":"x"}', 'json')).code).toBe('not_found');
    const bad = refusal(() => decodeCatalogMode('{"mode":"hide"}', 'json'));
    expect([bad.code, bad.message]).toEqual(['invalid', 'Not a valid mode: hide (expected HIDE, MIXED or CHALLENGE)']);
  });

  it('reads the new password of PUT /rest/security/self/password and refuses a blank one', () => {
    expect(decodeSelfPassword('{"newPassword":"n3w"}', 'json')).toBe('n3w');
    expect(decodeSelfPassword('<userPassword><newPassword>n3w</newPassword></userPassword>', 'xml')).toBe('n3w');
    expect(refusal(() => decodeSelfPassword('{"newPassword":"  "}', 'json')).message).toBe("Missing 'newPassword'");
  });

  it('answers the keystore password endpoints with a clear error, not a 404', () => {
    expect(MASTER_PASSWORD_ANSWERS.GET.status).toBe(501);
    expect(MASTER_PASSWORD_ANSWERS.PUT).toMatchObject({ status: 405, message: expect.stringMatching(/keeps no GeoServer keystore/) });
  });
});

describe('names of users, groups, roles and services', () => {
  it.each([
    ['User', '../admin', "it contains '/'"],
    ['User', '..', "it contains '..'"],
    ['User', 'a/b', "it contains '/'"],
    ['Group', 'a\\b', "it contains '\\'"],
    ['User', 'bell\u0007', 'it contains a control character'],
    ['User', ' padded', 'it starts or ends with a blank'],
    ['Role', 'ROLE A', 'it contains a blank, a comma or ='],
    ['Role', 'A,B', 'it contains a blank, a comma or ='],
    ['Service', 'c:', 'it contains a character that cannot be in a folder name'],
    ['User', 'x'.repeat(256), 'it is longer than 255 characters'],
  ] as const)('refuses %s name %j: %s', (kind, name, why) => {
    const err = refusal(() => checkSecurityName(kind, name));
    expect(err.code).toBe('bad_name');
    expect(err.message).toContain(why);
  });

  it('shows a control character in the message instead of printing it', () => {
    expect(refusal(() => checkSecurityName('User', 'a\u0000b')).message).toContain("'a\\u0000b'");
  });

  it('accepts the names GeoServer users really have', () => {
    for (const name of ['admin', 'jane.doe@example.org', 'Jörg Müller', 'uid=7,ou=people']) expect(checkSecurityName('User', name)).toBe(name);
    expect(checkSecurityName('Role', 'ROLE_ADMINISTRATOR')).toBe('ROLE_ADMINISTRATOR');
    expect(refusal(() => checkSecurityName('Group', '')).code).toBe('invalid');
  });
});
