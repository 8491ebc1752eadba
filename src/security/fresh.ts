import { randomBytes } from 'node:crypto';
import { CatalogError } from '../catalog/errors.js';
import type { XObject } from '../xml/tree.js';
import { securityFiles } from './folder.js';
import {
  filterConfigs,
  LAYERS_PROPERTIES_TEMPLATE,
  passwordPolicy,
  REST_PROPERTIES_TEMPLATE,
  securityConfigXml,
  SERVICES_PROPERTIES_TEMPLATE,
  versionProperties,
} from './fresh-files.js';
import { ids, type SecurityState, type ServiceConfigInfo } from './model.js';
import { checkSecurityName } from './names.js';
import { encodeDigest1, isWellKnownPassword } from './passwords.js';
import { userRole } from './roles-xml.js';
import { readLayersProperties, readRestProperties, readServicesProperties } from './rule-files.js';
import { readSecurityConfig, USERNAME_PASSWORD_PROVIDER, XML_ROLE_SERVICE, XML_USER_GROUP_SERVICE } from './service-config.js';

/**
 * The security folder of a new data directory, as GeoServer sets it up on first start
 * (GeoServerSecurityManager.migrateFrom21 and the release data directory): an XML user/group
 * service `default` storing digest1 passwords, an XML role service `default` mapping ADMIN to
 * ROLE_ADMINISTRATOR and GROUP_ADMIN to ROLE_GROUP_ADMIN, the `default` username/password
 * provider, the filter chains, the password policies and the rule files. Two things differ on
 * purpose: the admin password is the one given (never GeoServer's well-known admin/geoserver),
 * and the remember-me key is random.
 *
 * Not written: masterpw.xml and geoserver.jceks (the keystore): this node keeps no keystore, so a
 * GeoServer started on this folder sets up its own keystore password.
 */
export interface FreshSecurity {
  state: SecurityState;
  /** Every file to write, by data-directory-relative path. */
  files: Map<string, string>;
}

export interface FreshOptions {
  adminName?: string;
  now?: Date;
  /**
   * Where the random parts come from (the admin password's salt, the remember-me key, the ids):
   * random by default. Nodes of a cluster started on fresh folders with the same
   * GEOSERVER_ADMIN_PASSWORD pass bytes derived from it, so that they start with identical
   * security objects (equal digests) instead of diverging before any change.
   */
  entropy?: (bytes: number, label: string) => Buffer;
}

/** A password for a generated admin: 24 characters, 144 random bits. */
export function generateAdminPassword(): string {
  return randomBytes(18).toString('base64url');
}

export function freshSecurity(adminPassword: string, options: FreshOptions = {}): FreshSecurity {
  const adminName = checkSecurityName('User', options.adminName ?? 'admin');
  if (isWellKnownPassword(adminPassword)) throw new CatalogError('invalid', 'The admin password must not be a well-known default');
  if (adminPassword.length < 8) throw new CatalogError('invalid', 'The admin password must have at least 8 characters');
  const now = options.now ?? new Date();
  const entropy = options.entropy ?? ((bytes: number) => randomBytes(bytes));
  const uid = uidMaker(now, entropy);
  const state: SecurityState = {
    config: readSecurityConfig(securityConfigXml(entropy(24, 'rememberMeKey').toString('base64url')), 'security/config.xml'),
    userGroupServices: [service('usergroup', 'userGroupService', uid(13), { className: XML_USER_GROUP_SERVICE, fileName: 'users.xml', checkInterval: '10000', validating: 'true', passwordEncoderName: 'digestPasswordEncoder', passwordPolicyName: 'default' })],
    roleServices: [service('role', 'roleService', uid(12), { className: XML_ROLE_SERVICE, fileName: 'roles.xml', checkInterval: '10000', validating: 'true', adminRoleName: 'ADMIN', groupAdminRoleName: 'GROUP_ADMIN' })],
    authProviders: [service('auth', 'usernamePassword', uid(0), { className: USERNAME_PASSWORD_PROVIDER, userGroupServiceName: 'default' })],
    users: [{ id: ids.user('default', adminName), service: 'default', name: adminName, enabled: 'true', password: encodeDigest1(adminPassword, entropy(16, `salt:${adminName}`)) }],
    groups: [],
    members: [],
    roles: ['ADMIN', 'GROUP_ADMIN'].map((name) => ({ id: ids.role('default', name), service: 'default', name })),
    assignments: [userRole('default', adminName, 'ADMIN')],
    dataRules: [],
    catalogMode: { id: ids.catalogMode(), mode: 'HIDE' },
    serviceRules: readServicesProperties(SERVICES_PROPERTIES_TEMPLATE, 'security/services.properties').rules,
    restRules: readRestProperties(REST_PROPERTIES_TEMPLATE, 'security/rest.properties').rules,
  };
  const layers = readLayersProperties(LAYERS_PROPERTIES_TEMPLATE, 'security/layers.properties');
  state.dataRules = layers.rules;
  state.catalogMode = layers.catalogMode;
  return { state, files: freshFiles(state, now, uid) };
}

function service(folder: 'usergroup' | 'role' | 'auth', root: string, id: string, fields: Record<string, string>): ServiceConfigInfo {
  const config: XObject = { id, name: 'default', ...fields };
  const objectId = folder === 'usergroup' ? ids.userGroupService('default') : folder === 'role' ? ids.roleService('default') : ids.authProvider('default');
  return { id: objectId, name: 'default', root, config };
}

function freshFiles(state: SecurityState, now: Date, uid: (n: number) => string): Map<string, string> {
  const files = securityFiles(state, [], now);
  // the templates' comments explain the rule syntax to whoever opens the file
  files.set('security/rest.properties', REST_PROPERTIES_TEMPLATE);
  files.set('security/services.properties', SERVICES_PROPERTIES_TEMPLATE);
  for (const [file, text] of filterConfigs((n) => uid(20 + n))) files.set(file, text);
  files.set('security/pwpolicy/default/config.xml', passwordPolicy('default', uid(15)));
  files.set('security/pwpolicy/master/config.xml', passwordPolicy('master', uid(14)));
  files.set('security/version.properties', versionProperties(now));
  return files;
}

/** Ids shaped like GeoServer's (java.rmi.server.UID: host hash, time, counter). */
function uidMaker(now: Date, entropy: (bytes: number, label: string) => Buffer): (n: number) => string {
  const host = `-${entropy(4, 'uid').toString('hex').replace(/^0+/, '')}`;
  const time = now.getTime().toString(16);
  return (n) => `${host}:${time}:-${(0x8000 - n).toString(16)}`;
}
