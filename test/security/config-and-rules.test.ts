import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../../src/catalog/errors.js';
import { SecurityFileError } from '../../src/security/errors.js';
import { readLayersProperties, readRestProperties, readServicesProperties, writeLayersProperties, writeRestProperties, writeServicesProperties } from '../../src/security/rule-files.js';
import { parseDataRule, parseRestRule, parseServiceRule } from '../../src/security/rules.js';
import {
  readSecurityConfig,
  readServiceConfig,
  securitySettingsOf,
  systemRoleNamesOf,
  userGroupServiceNameOf,
  writeSecurityConfig,
  writeServiceConfig,
} from '../../src/security/service-config.js';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const read = (rel: string) => fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
const DATE = new Date('2024-03-20T06:24:07Z');

describe('XStream config files of the security folder', () => {
  it('reads security/config.xml of the release data directory and writes it back (GeoServer writes no final newline)', () => {
    const text = read('security-release/security/config.xml');
    const config = readSecurityConfig(text, 'security/config.xml');
    expect(securitySettingsOf(config)).toEqual({ roleServiceName: 'default', authProviderNames: ['default'] });
    expect(writeSecurityConfig(config)).toBe(text.trimEnd());
  });

  it('reads the config.xml of user/group, role and auth services, root element and unknown elements kept', () => {
    const ug = readServiceConfig(read('security-rich/security/usergroup/partners/config.xml'), 'usergroup', 'f');
    expect(ug).toMatchObject({ id: 'userGroupService:partners', name: 'partners', root: 'userGroupService' });
    expect(writeServiceConfig(ug)).toBe(read('security-rich/security/usergroup/partners/config.xml'));
    const role = readServiceConfig(read('security-release/security/role/default/config.xml'), 'role', 'f');
    expect(systemRoleNamesOf(role)).toEqual({ adminRoleName: 'ADMIN', groupAdminRoleName: 'GROUP_ADMIN' });
    expect(writeServiceConfig(role)).toBe(read('security-release/security/role/default/config.xml'));
    const auth = readServiceConfig(read('security-release/security/auth/default/config.xml'), 'auth', 'f');
    expect(auth.root).toBe('usernamePassword');
    expect(userGroupServiceNameOf(auth)).toBe('default');
  });

  it('refuses a service config without a usable name, naming file and element', () => {
    expect(() => readServiceConfig('<roleService><className>x</className></roleService>', 'role', 'security/role/x/config.xml')).toThrow('security/role/x/config.xml, <roleService>: the element <name> is missing');
    expect(() => readServiceConfig('<roleService><name>../up</name></roleService>', 'role', 'f')).toThrow(/<name>: the service name '..\/up' cannot be used/);
    expect(() => readSecurityConfig('<config/>', 'security/config.xml')).toThrow(SecurityFileError);
  });
});

describe('layers.properties (DataAccessRuleDAO)', () => {
  it('reads the release file: two rules and the catalog mode; writes the same entries', () => {
    const text = read('security-release/security/layers.properties');
    const file = readLayersProperties(text, 'security/layers.properties');
    expect(file.rules).toEqual([
      { id: 'dataAccessRule:*.*.r', workspace: '*', layer: '*', access: 'r', roles: '*' },
      { id: 'dataAccessRule:*.*.w', workspace: '*', layer: '*', access: 'w', roles: 'GROUP_ADMIN,ADMIN' },
    ]);
    expect(file.catalogMode).toEqual({ id: 'catalogMode', mode: 'HIDE' });
    // the first line is Properties.store's date comment
    expect(writeLayersProperties(file, DATE).split('\n').slice(1)).toEqual(text.split('\n').slice(1));
  });

  it('reads escaped dots, global layer group rules, and skips a malformed entry as GeoServer does, keeping it on write', () => {
    const file = readLayersProperties(read('security-rich/security/layers.properties'), 'l');
    expect(file.rules.find((r) => r.workspace === 'it.geosolutions')).toMatchObject({ id: 'dataAccessRule:it%5C.geosolutions.*.r', layer: '*', access: 'r' });
    expect(file.rules.find((r) => r.workspace === 'basemap')).toEqual({ id: 'dataAccessRule:basemap.r', workspace: 'basemap', access: 'r', roles: 'READER' });
    expect(file.catalogMode.mode).toBe('MIXED');
    expect(file.ignored).toEqual([{ key: 'sf.roads.a', value: 'TOPP_ADMIN', reason: expect.stringMatching(/admin \(a\) privileges may only be applied globally/) }]);
    const written = writeLayersProperties(file, DATE);
    expect(written).toContain('it\\\\.geosolutions.*.r=EDITOR');
    expect(written).toContain('sf.roads.a=TOPP_ADMIN');
    // written sorted by key (Properties.store order does not matter here), read back the same
    const again = readLayersProperties(written, 'l');
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect({ ...again, rules: again.rules.sort(byId) }).toEqual({ ...file, rules: [...file.rules].sort(byId) });
  });

  it('validates rules as GeoServer does, with a message saying what is wrong', () => {
    expect(() => parseDataRule('*.states.r', '*')).toThrow(/when the workspace is \* then also the layer must be \*/);
    expect(() => parseDataRule('topp.states.a', 'X')).toThrow(/admin \(a\) privileges may only be applied globally/);
    expect(() => parseDataRule('topp.states.x', 'X')).toThrow(/Unknown access mode x/);
    expect(() => parseDataRule('a.b.c.r', 'X')).toThrow(/expected format is workspace.layer.mode/);
    expect(() => parseDataRule('topp.r', 'X')).toThrow(CatalogError); // the REST API takes no global group form
    expect(() => parseDataRule('topp.*.r', ' , ')).toThrow(/gives access to no role/);
    expect(parseDataRule('topp . states . w', 'A, B')).toMatchObject({ workspace: 'topp', layer: 'states', access: 'w', roles: 'A, B' });
  });

  it('defaults the catalog mode to HIDE and reports an unknown one', () => {
    const file = readLayersProperties('mode=SOMETIMES\n', 'l');
    expect(file.catalogMode.mode).toBe('HIDE');
    expect(file.ignored[0]).toMatchObject({ key: 'mode', reason: expect.stringMatching(/Not a valid mode/) });
    expect(readLayersProperties('mode=challenge\n', 'l').catalogMode.mode).toBe('CHALLENGE');
  });
});

describe('services.properties (ServiceAccessRuleDAO)', () => {
  it('reads the release file (comments only) and the rules of a richer one', () => {
    expect(readServicesProperties(read('security-release/security/services.properties'), 's')).toEqual({ rules: [], ignored: [] });
    const file = readServicesProperties(read('security-rich/security/services.properties'), 's');
    expect(file.rules.map((r) => r.id)).toEqual(['serviceAccessRule:*.*', 'serviceAccessRule:wfs.*', 'serviceAccessRule:wfs.Transaction', 'serviceAccessRule:wps.*']);
    expect(file.ignored).toEqual([{ key: 'bogus', value: 'ROLE_X', reason: expect.stringMatching(/expected format is service.method/) }]);
    expect(readServicesProperties(writeServicesProperties(file, DATE), 's')).toEqual(file);
  });

  it('refuses a method for every service', () => {
    expect(() => parseServiceRule('*.GetMap', 'R')).toThrow(/when the service is \* then also the method must be \*/);
  });
});

describe('rest.properties (RESTAccessRuleDAO, RESTfulDefinitionSource)', () => {
  it('reads the release file in order, OPTIONS included, and writes the rules back in that order', () => {
    const file = readRestProperties(read('security-release/security/rest.properties'), 'r');
    expect(file.rules).toEqual([
      { id: 'restAccessRule:%2F**%3BGET%2CHEAD%2COPTIONS', pattern: '/**', methods: 'GET,HEAD,OPTIONS', roles: 'ROLE_ADMINISTRATOR', position: '0' },
      { id: 'restAccessRule:%2F**%3BPOST%2CDELETE%2CPUT', pattern: '/**', methods: 'POST,DELETE,PUT', roles: 'ROLE_ADMINISTRATOR', position: '1' },
    ]);
    const written = writeRestProperties(file, DATE);
    expect(written.split('\n').slice(1)).toEqual(['/**;GET,HEAD,OPTIONS=ROLE_ADMINISTRATOR', '/**;POST,DELETE,PUT=ROLE_ADMINISTRATOR', '']);
  });

  it('keeps the order of a richer file and skips upper-case patterns, which would break GeoServer', () => {
    const file = readRestProperties(read('security-rich/security/rest.properties'), 'r');
    expect(file.rules.map((r) => r.pattern)).toEqual(['/rest/workspaces/topp/**', '/rest/about/**', '/**', '/**']);
    expect(file.ignored[0]).toMatchObject({ key: '/Upper/**;GET', reason: expect.stringMatching(/must be lower case/) });
    const again = readRestProperties(writeRestProperties(file, DATE), 'r');
    expect(again.rules.map((r) => r.pattern)).toEqual(file.rules.map((r) => r.pattern));
  });

  it('validates a rule key and its roles, in the file form (;) and the REST form (:)', () => {
    expect(parseRestRule('/rest/layers/ws:*:GET', 'R', ':', 0)).toMatchObject({ pattern: '/rest/layers/ws:*', methods: 'GET' });
    expect(() => parseRestRule('/**;PATCH', 'R', ';', 0)).toThrow(/'PATCH' is not one of GET,POST,PUT,DELETE,HEAD,OPTIONS/);
    expect(() => parseRestRule('/**', 'R', ';', 0)).toThrow(/expected format is \/ant\/path;GET,POST/);
    expect(() => parseRestRule('/**;GET,GET', 'R', ';', 0)).toThrow(/listed twice/);
    expect(() => parseRestRule('rest/**;GET', 'R', ';', 0)).toThrow(/must start with '\/'/);
    expect(() => parseRestRule('/rest/{x:[}/**;GET', 'R', ';', 0)).toThrow(/not a valid path pattern/);
    expect(() => parseRestRule('/**;GET', 'A,  B', ';', 0)).toThrow(/expected role1,role2/);
  });

  it('refuses a file that is not a properties file, naming it', () => {
    expect(() => readRestProperties('/a;GET=\\uZZZZ\n', 'security/rest.properties')).toThrow(/^security\/rest.properties: line 1: malformed \\uxxxx escape/);
  });
});
