import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/security/authenticate.js';
import { SecurityFileError } from '../../src/security/errors.js';
import { readSecurityFolder, securityFiles } from '../../src/security/folder.js';
import { freshSecurity, generateAdminPassword } from '../../src/security/fresh.js';
import { fileOf, ids } from '../../src/security/model.js';
import { isWellKnownStoredPassword } from '../../src/security/passwords.js';
import { restAccess } from '../../src/security/rest-access.js';
import { createSecurityView } from '../../src/security/view.js';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-security-'));
  dirs.push(dir);
  return dir;
}

function writeFiles(dir: string, files: Map<string, string>): void {
  for (const [rel, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the security folder of a data directory', () => {
  it('is absent from a fresh data directory', () => {
    expect(readSecurityFolder(tempDir())).toBeUndefined();
  });

  it('reads GeoServer release folder and writes its users.xml and roles.xml back unchanged', () => {
    const read = readSecurityFolder(path.join(FIXTURES, 'security-release'))!;
    expect(read.ignored).toEqual([]);
    expect(read.unsupported).toEqual([]);
    const files = securityFiles(read.state);
    for (const rel of ['security/usergroup/default/users.xml', 'security/role/default/roles.xml', 'security/role/default/config.xml', 'security/auth/default/config.xml']) {
      expect(files.get(rel), rel).toBe(fs.readFileSync(path.join(FIXTURES, 'security-release', rel), 'utf8'));
    }
  });

  it('reads a richer folder whole: second service with its own file name, ignored entries by file', () => {
    const read = readSecurityFolder(path.join(FIXTURES, 'security-rich'))!;
    const s = read.state;
    expect(s.userGroupServices.map((x) => x.name)).toEqual(['default', 'partners']);
    expect(s.users.filter((u) => u.service === 'partners').map((u) => u.id)).toEqual(['securityUser:partners:frank']);
    expect(read.ignored.map((e) => `${e.file} ${e.key}`)).toEqual(['security/layers.properties sf.roads.a', 'security/services.properties bogus', 'security/rest.properties /Upper/**;GET']);
    expect(fileOf(s, 'securityUser', s.users.find((u) => u.name === 'frank')!)).toBe('security/usergroup/partners/partners.xml');
    expect(fileOf(s, 'restAccessRule', s.restRules[0])).toBe('security/rest.properties');
  });

  it('writes and reads back to the same state, ids included (they derive from names)', () => {
    const first = readSecurityFolder(path.join(FIXTURES, 'security-rich'))!;
    const dir = tempDir();
    writeFiles(dir, securityFiles(first.state, first.ignored));
    const second = readSecurityFolder(dir)!;
    const sorted = <T extends { id: string }>(l: T[]) => [...l].sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const key of ['users', 'groups', 'members', 'roles', 'assignments', 'dataRules', 'serviceRules', 'restRules'] as const) {
      expect(sorted(second.state[key] as Array<{ id: string }>), key).toEqual(sorted(first.state[key] as Array<{ id: string }>));
    }
    expect(second.state.userGroupServices).toEqual(first.state.userGroupServices);
    expect(second.ignored).toEqual(first.ignored);
  });

  it('takes GeoServer rest.properties template when the file is missing', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'security'));
    fs.copyFileSync(path.join(FIXTURES, 'security-release/security/config.xml'), path.join(dir, 'security/config.xml'));
    expect(readSecurityFolder(dir)!.state.restRules.map((r) => `${r.pattern};${r.methods}`)).toEqual(['/**;GET,HEAD,OPTIONS', '/**;POST,DELETE,PUT']);
  });

  it('refuses a service whose name is not its folder, and a users file outside its folder', () => {
    const dir = tempDir();
    writeFiles(dir, new Map([
      ['security/config.xml', '<security><roleServiceName>default</roleServiceName></security>'],
      ['security/usergroup/one/config.xml', '<userGroupService><name>two</name></userGroupService>'],
    ]));
    expect(() => readSecurityFolder(dir)).toThrow("security/usergroup/one/config.xml, <name>: the service is named 'two' but its folder is 'one'");
    writeFiles(dir, new Map([['security/usergroup/one/config.xml', '<userGroupService><name>one</name><className>org.geoserver.security.xml.XMLUserGroupService</className><fileName>../../../etc/users.xml</fileName></userGroupService>']]));
    expect(() => readSecurityFolder(dir)).toThrow(SecurityFileError);
    expect(() => readSecurityFolder(dir)).toThrow(/<fileName>: '..\/..\/..\/etc\/users.xml' is not a file of the service folder/);
  });
});

describe('a fresh security folder', () => {
  it('is what GeoServer sets up, with the admin password given instead of the well-known one', () => {
    const password = generateAdminPassword();
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const fresh = freshSecurity(password, { now: new Date('2025-01-02T03:04:05Z') });
    const admin = fresh.state.users[0];
    expect(admin).toMatchObject({ id: ids.user('default', 'admin'), name: 'admin', enabled: 'true' });
    expect(admin.password).toMatch(/^digest1:/);
    expect(isWellKnownStoredPassword(admin.password)).toBe(false);
    const view = createSecurityView(fresh.state);
    const login = authenticate(view, 'admin', password);
    expect(login.ok && login.principal.roles).toEqual(['ADMIN', 'ROLE_ADMINISTRATOR', 'ROLE_AUTHENTICATED']);
    expect(authenticate(view, 'admin', 'geoserver')).toEqual({ ok: false, reason: 'bad_password' });
    expect(restAccess({ rules: fresh.state.restRules }, login.ok ? login.principal : undefined, 'POST', '/rest/workspaces')).toMatchObject({ allowed: true });
  });

  it('writes every file GeoServer needs, readable back into the same state, with a random remember-me key', () => {
    const fresh = freshSecurity('a-long-admin-password');
    expect([...fresh.files.keys()].sort()).toEqual([
      'security/auth/default/config.xml',
      'security/config.xml',
      'security/filter/anonymous/config.xml',
      'security/filter/basic/config.xml',
      'security/filter/exception/config.xml',
      'security/filter/form/config.xml',
      'security/filter/formLogout/config.xml',
      'security/filter/interceptor/config.xml',
      'security/filter/rememberme/config.xml',
      'security/filter/restInterceptor/config.xml',
      'security/layers.properties',
      'security/pwpolicy/default/config.xml',
      'security/pwpolicy/master/config.xml',
      'security/rest.properties',
      'security/role/default/config.xml',
      'security/role/default/roles.xml',
      'security/services.properties',
      'security/usergroup/default/config.xml',
      'security/usergroup/default/users.xml',
      'security/version.properties',
    ]);
    expect(fresh.files.get('security/rest.properties')).toBe(fs.readFileSync(path.join(FIXTURES, 'security-release/security/rest.properties'), 'utf8'));
    expect(fresh.files.get('security/config.xml')).not.toContain('<key>geoserver</key>');
    expect(fresh.files.get('security/usergroup/default/config.xml')).toContain('<passwordEncoderName>digestPasswordEncoder</passwordEncoderName>');
    const dir = tempDir();
    writeFiles(dir, fresh.files);
    const back = readSecurityFolder(dir)!;
    expect(back.ignored).toEqual([]);
    expect(back.state.users).toEqual(fresh.state.users);
    expect(back.state.assignments).toEqual(fresh.state.assignments);
    expect(back.state.restRules).toEqual(fresh.state.restRules);
    expect(back.state.dataRules).toEqual(fresh.state.dataRules);
  });

  it('refuses a well-known or short admin password', () => {
    expect(() => freshSecurity('geoserver')).toThrow(/well-known default/);
    expect(() => freshSecurity('short')).toThrow(/at least 8 characters/);
  });
});

describe('a security folder without its config.xml', () => {
  it('is fresh when it holds no services, an error when it does', () => {
    const dir = tempDir();
    writeFiles(dir, new Map([['security/geocluster-admin.json', '{}']]));
    expect(readSecurityFolder(dir)).toBeUndefined();
    writeFiles(dir, new Map([['security/usergroup/default/users.xml', '<userRegistry/>']]));
    expect(() => readSecurityFolder(dir)).toThrow(/^security\/config.xml: is missing, yet the security folder holds user\/group or role services/);
  });
});
