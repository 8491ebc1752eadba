import * as fs from 'node:fs';
import * as path from 'node:path';
import { SecurityFileError } from './errors.js';
import { ids, type RoleAssignmentInfo, type SecurityState, type ServiceConfigInfo } from './model.js';
import { readRolesXml, writeRolesXml } from './roles-xml.js';
import { readLayersProperties, readRestProperties, readServicesProperties, writeLayersProperties, writeRestProperties, writeServicesProperties, type IgnoredEntry } from './rule-files.js';
import { classNameOf, readSecurityConfig, readServiceConfig, registryFileOf, writeSecurityConfig, writeServiceConfig, XML_ROLE_SERVICE, XML_USER_GROUP_SERVICE, type ServiceFolder } from './service-config.js';
import { readUsersXml, writeUsersXml } from './users-xml.js';
import { REST_PROPERTIES_TEMPLATE } from './fresh-files.js';

/**
 * The security folder of a data directory, read into a SecurityState and written back from one.
 * Services of other classes than GeoServer's XML ones (JDBC, LDAP) keep their config.xml but
 * hold no users or roles here. Entries GeoServer itself would skip (malformed rules) come back
 * in `ignored`, file by file, to be logged; malformed XML stops the read with a
 * SecurityFileError naming the file and the element.
 */
export interface SecurityFolderRead {
  state: SecurityState;
  ignored: Array<IgnoredEntry & { file: string }>;
  /** Services whose users or roles this node does not read (not GeoServer's XML services). */
  unsupported: string[];
}

/**
 * Reads `<dataDir>/security`; undefined when it holds no GeoServer security configuration yet (a
 * fresh data directory). A folder with services but without its config.xml is an error rather
 * than a reason to write a fresh one over users that exist.
 */
export function readSecurityFolder(dataDir: string): SecurityFolderRead | undefined {
  const root = path.join(dataDir, 'security');
  const configFile = path.join(root, 'config.xml');
  if (!fs.existsSync(configFile)) {
    if (!['usergroup', 'role'].some((d) => fs.existsSync(path.join(root, d)))) return undefined;
    throw new SecurityFileError('security/config.xml', undefined, 'is missing, yet the security folder holds user/group or role services: restore it (or remove the folder to start afresh)');
  }
  const out: SecurityFolderRead = { state: emptyState(readSecurityConfig(fs.readFileSync(configFile), rel(dataDir, configFile))), ignored: [], unsupported: [] };
  const s = out.state;
  s.userGroupServices = readServices(dataDir, 'usergroup');
  s.roleServices = readServices(dataDir, 'role');
  s.authProviders = readServices(dataDir, 'auth');
  for (const svc of s.userGroupServices) readUsersOf(dataDir, svc, out);
  for (const svc of s.roleServices) readRolesOf(dataDir, svc, out);
  readRuleFiles(dataDir, out);
  return out;
}

function emptyState(config: SecurityState['config']): SecurityState {
  return {
    config,
    userGroupServices: [],
    roleServices: [],
    authProviders: [],
    users: [],
    groups: [],
    members: [],
    roles: [],
    assignments: [],
    dataRules: [],
    catalogMode: { id: ids.catalogMode(), mode: 'HIDE' },
    serviceRules: [],
    restRules: [],
  };
}

function rel(dataDir: string, file: string): string {
  return path.relative(dataDir, file).split(path.sep).join('/');
}

function readServices(dataDir: string, folder: ServiceFolder): ServiceConfigInfo[] {
  const dir = path.join(dataDir, 'security', folder);
  if (!fs.existsSync(dir)) return [];
  const out: ServiceConfigInfo[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = path.join(dir, entry.name, 'config.xml');
    if (!fs.existsSync(file)) continue;
    const service = readServiceConfig(fs.readFileSync(file), folder, rel(dataDir, file));
    if (service.name !== entry.name) throw new SecurityFileError(rel(dataDir, file), 'name', `the service is named '${service.name}' but its folder is '${entry.name}'`);
    out.push(service);
  }
  return out;
}

function readUsersOf(dataDir: string, svc: ServiceConfigInfo, out: SecurityFolderRead): void {
  if (classNameOf(svc) !== XML_USER_GROUP_SERVICE) return void out.unsupported.push(`usergroup/${svc.name}`);
  const configFile = `security/usergroup/${svc.name}/config.xml`;
  const file = path.join(dataDir, 'security', 'usergroup', svc.name, registryFileOf(svc, 'users.xml', configFile));
  if (!fs.existsSync(file)) return;
  const reg = readUsersXml(fs.readFileSync(file), svc.name, rel(dataDir, file));
  out.state.users.push(...reg.users);
  out.state.groups.push(...reg.groups);
  out.state.members.push(...reg.members);
  if (reg.registry) svc.registry = reg.registry;
}

function readRolesOf(dataDir: string, svc: ServiceConfigInfo, out: SecurityFolderRead): void {
  if (classNameOf(svc) !== XML_ROLE_SERVICE) return void out.unsupported.push(`role/${svc.name}`);
  const configFile = `security/role/${svc.name}/config.xml`;
  const file = path.join(dataDir, 'security', 'role', svc.name, registryFileOf(svc, 'roles.xml', configFile));
  if (!fs.existsSync(file)) return;
  const reg = readRolesXml(fs.readFileSync(file), svc.name, rel(dataDir, file));
  out.state.roles.push(...reg.roles);
  out.state.assignments.push(...reg.assignments);
  if (reg.registry) svc.registry = reg.registry;
}

function readRuleFiles(dataDir: string, out: SecurityFolderRead): void {
  const read = (name: string) => {
    const file = path.join(dataDir, 'security', name);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  };
  const note = (file: string, ignored: IgnoredEntry[]) => out.ignored.push(...ignored.map((e) => ({ ...e, file })));
  const layers = readLayersProperties(read('layers.properties') ?? '', 'security/layers.properties');
  out.state.dataRules = layers.rules;
  out.state.catalogMode = layers.catalogMode;
  note('security/layers.properties', layers.ignored);
  const services = readServicesProperties(read('services.properties') ?? '', 'security/services.properties');
  out.state.serviceRules = services.rules;
  note('security/services.properties', services.ignored);
  // GeoServer copies its template when rest.properties is missing (AbstractAccessRuleDAO.checkPropertyFile)
  const rest = readRestProperties(read('rest.properties') ?? REST_PROPERTIES_TEMPLATE, 'security/rest.properties');
  out.state.restRules = rest.rules;
  note('security/rest.properties', rest.ignored);
}

/**
 * Every file the state makes, by data-directory-relative path. Entries skipped when reading are
 * passed back in `ignored` so that a rewrite keeps them.
 */
export function securityFiles(state: SecurityState, ignored: ReadonlyArray<IgnoredEntry & { file: string }> = [], now?: Date): Map<string, string> {
  const files = new Map<string, string>();
  const skipped = (file: string) => ignored.filter((e) => e.file === file);
  files.set('security/config.xml', writeSecurityConfig(state.config));
  for (const svc of state.userGroupServices) {
    files.set(`security/usergroup/${svc.name}/config.xml`, writeServiceConfig(svc));
    if (classNameOf(svc) !== XML_USER_GROUP_SERVICE) continue;
    const mine = <T extends { service: string }>(list: T[]) => list.filter((x) => x.service === svc.name);
    const file = `security/usergroup/${svc.name}/${registryFileOf(svc, 'users.xml', `security/usergroup/${svc.name}/config.xml`)}`;
    files.set(file, writeUsersXml({ users: mine(state.users), groups: mine(state.groups), members: mine(state.members), registry: svc.registry }));
  }
  for (const svc of state.roleServices) {
    files.set(`security/role/${svc.name}/config.xml`, writeServiceConfig(svc));
    if (classNameOf(svc) !== XML_ROLE_SERVICE) continue;
    const assignments: RoleAssignmentInfo[] = state.assignments.filter((a) => a.service === svc.name);
    const file = `security/role/${svc.name}/${registryFileOf(svc, 'roles.xml', `security/role/${svc.name}/config.xml`)}`;
    files.set(file, writeRolesXml({ roles: state.roles.filter((r) => r.service === svc.name), assignments, registry: svc.registry }));
  }
  for (const p of state.authProviders) files.set(`security/auth/${p.name}/config.xml`, writeServiceConfig(p));
  const layers = 'security/layers.properties';
  files.set(layers, writeLayersProperties({ rules: state.dataRules, catalogMode: state.catalogMode, ignored: skipped(layers) }, now));
  const services = 'security/services.properties';
  files.set(services, writeServicesProperties({ rules: state.serviceRules, ignored: skipped(services) }, now));
  const rest = 'security/rest.properties';
  files.set(rest, writeRestProperties({ rules: state.restRules, ignored: skipped(rest) }, now));
  return files;
}
