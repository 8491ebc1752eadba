import { parseXml } from '../xml/parse.js';
import { asList, isXObject, textOf, type XObject } from '../xml/tree.js';
import { writeXml } from '../xml/write.js';
import { SecurityFileError } from './errors.js';
import { ids, type SecurityConfigInfo, type ServiceConfigInfo } from './model.js';
import { nameProblem } from './names.js';

/**
 * The XStream-written config files of the security folder: security/config.xml (GeoServer's
 * SecurityManagerConfig, root <security>) and the config.xml of each named service
 * (usergroup/<svc>, role/<svc>, auth/<name>: XMLUserGroupServiceConfig, XMLRoleServiceConfig,
 * UsernamePasswordAuthenticationProviderConfig, …). They are kept whole, root element included,
 * so unknown elements and other service classes (JDBC, LDAP) survive; the few fields a decision
 * needs are read through the accessors below.
 */
export type ServiceFolder = 'usergroup' | 'role' | 'auth';

export function readServiceConfig(src: string | Buffer, folder: ServiceFolder, file: string): ServiceConfigInfo {
  const { root, value } = parseConfig(src, file);
  const name = textOf(value.name);
  if (name === undefined || name === '') throw new SecurityFileError(file, root, 'the element <name> is missing');
  const problem = nameProblem('Service', name);
  if (problem) throw new SecurityFileError(file, 'name', `the service name '${name}' cannot be used: ${problem}`);
  const id = folder === 'usergroup' ? ids.userGroupService(name) : folder === 'role' ? ids.roleService(name) : ids.authProvider(name);
  return { id, name, root, config: value };
}

export function writeServiceConfig(service: ServiceConfigInfo): string {
  return writeXml(service.root, service.config);
}

export function readSecurityConfig(src: string | Buffer, file: string): SecurityConfigInfo {
  const { root, value } = parseConfig(src, file);
  if (root !== 'security') throw new SecurityFileError(file, root, 'expected the root element <security>');
  return { id: ids.config(), config: value };
}

export function writeSecurityConfig(config: SecurityConfigInfo): string {
  return writeXml('security', config.config);
}

function parseConfig(src: string | Buffer, file: string): { root: string; value: XObject } {
  try {
    const doc = parseXml(src);
    if (!isXObject(doc.value)) throw new SecurityFileError(file, doc.root, 'expected elements, found text');
    return { root: doc.root, value: doc.value };
  } catch (err) {
    if (err instanceof SecurityFileError) throw err;
    const e = err as Error & { element?: string };
    throw new SecurityFileError(file, e.element, e.message, { cause: err });
  }
}

/** What security/config.xml says: the active role service and the authentication providers, in order. */
export interface SecuritySettings {
  roleServiceName: string;
  authProviderNames: string[];
}

export function securitySettingsOf(config: SecurityConfigInfo): SecuritySettings {
  const providers = config.config.authProviderNames;
  const names = isXObject(providers) ? asList(providers.string).map((s) => textOf(s) ?? '').filter((s) => s !== '') : [];
  return { roleServiceName: textOf(config.config.roleServiceName) ?? 'default', authProviderNames: names };
}

export const XML_USER_GROUP_SERVICE = 'org.geoserver.security.xml.XMLUserGroupService';
export const XML_ROLE_SERVICE = 'org.geoserver.security.xml.XMLRoleService';
export const USERNAME_PASSWORD_PROVIDER = 'org.geoserver.security.auth.UsernamePasswordAuthenticationProvider';

export function classNameOf(service: ServiceConfigInfo): string {
  return textOf(service.config.className) ?? '';
}

/** The role service's mapping to GeoServer's system roles (XMLRoleServiceConfig). */
export function systemRoleNamesOf(service: ServiceConfigInfo | undefined): { adminRoleName?: string; groupAdminRoleName?: string } {
  if (!service) return {};
  const admin = textOf(service.config.adminRoleName);
  const groupAdmin = textOf(service.config.groupAdminRoleName);
  return { adminRoleName: admin || undefined, groupAdminRoleName: groupAdmin || undefined };
}

/** The user/group service a username/password authentication provider reads. */
export function userGroupServiceNameOf(provider: ServiceConfigInfo): string | undefined {
  if (classNameOf(provider) !== USERNAME_PASSWORD_PROVIDER) return undefined;
  return textOf(provider.config.userGroupServiceName) || undefined;
}

/** The name of a service's users.xml or roles.xml, refused when it would leave the service folder. */
export function registryFileOf(service: ServiceConfigInfo, fallback: string, file: string): string {
  const name = textOf(service.config.fileName) || fallback;
  if (nameProblem('Service', name) !== undefined && name !== fallback) {
    throw new SecurityFileError(file, 'fileName', `'${name}' is not a file of the service folder; only a plain file name is supported`);
  }
  return name;
}
