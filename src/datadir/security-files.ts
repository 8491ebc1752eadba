import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalog, CatalogChange, ChangeContext } from '../catalog/catalog.js';
import { isSecurityType } from '../catalog/kinds.js';
import { applySecurityChange, putSecurityState, securityObjectsOf, securityStateOf } from '../security/catalog-state.js';
import { readSecurityFolder, securityFiles, type SecurityFolderRead } from '../security/folder.js';
import { freshSecurity, generateAdminPassword } from '../security/fresh.js';
import { fileOf, ids, type SecurityKind, type SecurityState } from '../security/model.js';
import { encodeDigest1, encodingOf, verifyPassword } from '../security/passwords.js';
import { userRole } from '../security/roles-xml.js';
import { securitySettingsOf, systemRoleNamesOf } from '../security/service-config.js';
import { writeFileAtomic } from './files.js';

export type SecurityIgnored = SecurityFolderRead['ignored'];

/** What preparing the security folder did, for main.ts to tell the operator. */
export interface SecurityPreparation {
  /** A password generated for the admin user of a fresh folder: shown once, never logged. */
  generated?: string;
  notes: string[];
}

/**
 * Makes the security folder ready before the data directory is loaded:
 * - a folder without GeoServer security gets a fresh one whose admin (GEOSERVER_ADMIN_USER) has
 *   GEOSERVER_ADMIN_PASSWORD or a generated password, as an ordinary user of users.xml with the
 *   ADMIN role;
 * - an existing folder: `plain:` passwords become digest1, so that only hashes are ever
 *   replicated (GEOSERVER_ADMIN_PASSWORD is applied later, as a change: applyAdminPassword).
 * The file of the single REST admin that earlier versions kept is removed.
 */
export function prepareSecurityFolder(dataDir: string, admin: { user: string; password?: string }): SecurityPreparation {
  fs.rmSync(path.join(dataDir, 'security', 'geocluster-admin.json'), { force: true });
  const read = readSecurityFolder(dataDir);
  if (!read) {
    const password = admin.password ?? generateAdminPassword();
    const same = admin.password ? { entropy: derivedEntropy(admin.password), now: new Date(0) } : {};
    for (const [file, text] of freshSecurity(password, { adminName: admin.user, ...same }).files) writeFileAtomic(path.join(dataDir, file), text);
    return { generated: admin.password ? undefined : password, notes: ['wrote a fresh security configuration (security/)'] };
  }
  const notes: string[] = [];
  const before = new Map(securityFiles(read.state, read.ignored));
  const next = hashPlainPasswords(read.state, notes);
  for (const [file, text] of securityFiles(next, read.ignored)) {
    // only the users and roles files that changed are rewritten: rule files keep their comments
    if (/\/(usergroup|role)\//.test(file) && !file.endsWith('/config.xml') && before.get(file) !== text) writeFileAtomic(path.join(dataDir, file), text);
  }
  return { notes };
}

function hashPlainPasswords(state: SecurityState, notes: string[]): SecurityState {
  const users = state.users.map((u) => {
    const hashed = stableHash(u.password, u.name);
    if (hashed === u.password) return u;
    notes.push(`the password of user '${u.name}' (${u.service}) was stored as plain text: now digest1`);
    return { ...u, password: hashed };
  });
  return { ...state, users };
}

/**
 * GEOSERVER_ADMIN_PASSWORD on a node whose security configuration already exists: its admin user
 * gets that password, enabled, with the admin role, as GeoServer's docker images do at each start.
 * Made as a change of this node (`ctx`: local), journalled and published, so that the cluster
 * takes it instead of this node drifting from its peers. Nothing when the admin already has it.
 */
export function applyAdminPassword(catalog: Catalog, admin: { user: string; password?: string }, ctx: ChangeContext): string[] {
  if (!admin.password) return [];
  const notes: string[] = [];
  const before = securityStateOf(catalog);
  const next = withAdmin(before, admin.user, admin.password, notes);
  // withAdmin hands back every object it leaves alone as it was: a new object is one it changed
  const kept = new Set(securityObjectsOf(before).map((o) => o.object));
  const changes = securityObjectsOf(next).filter((o) => !kept.has(o.object)).map((o) => ({ ...o, op: 'put' as const }));
  applySecurityChange(catalog, { state: next, changes }, ctx);
  return notes;
}

/** The admin user of the first authentication service, with the given password and the admin role. */
function withAdmin(state: SecurityState, name: string, password: string, notes: string[]): SecurityState {
  const roleService = securitySettingsOf(state.config).roleServiceName;
  const service = state.userGroupServices.find((s) => s.name === 'default')?.name ?? state.userGroupServices[0]?.name;
  if (service === undefined) return state;
  const id = ids.user(service, name);
  const existing = state.users.find((u) => u.id === id);
  let users = state.users;
  if (!existing || existing.enabled !== 'true' || verifyPassword(existing.password, password).outcome !== 'match') {
    const user = { ...(existing ?? { id, service, name }), enabled: 'true' as const, password: encodeDigest1(password, derivedEntropy(password)(16, `salt:${name}`)) };
    users = existing ? users.map((u) => (u.id === id ? user : u)) : [...users, user];
    notes.push(`user '${name}' (${service}) has the password of GEOSERVER_ADMIN_PASSWORD`);
  }
  const adminRole = systemRoleNamesOf(state.roleServices.find((s) => s.name === roleService)).adminRoleName ?? 'ADMIN';
  let { roles, assignments } = state;
  if (!roles.some((r) => r.service === roleService && r.name === adminRole)) roles = [...roles, { id: ids.role(roleService, adminRole), service: roleService, name: adminRole }];
  const assignment = userRole(roleService, name, adminRole);
  if (!assignments.some((a) => a.id === assignment.id)) assignments = [...assignments, assignment];
  return { ...state, users, roles, assignments };
}

/**
 * Bytes derived from GEOSERVER_ADMIN_PASSWORD: every node given the same password sets up the same
 * security objects (same salt, same ids), so a cluster starts converged. The salt is then tied
 * to the user name and password rather than random; a digest1 check still costs 100 000 rounds.
 */
function derivedEntropy(password: string): (bytes: number, label: string) => Buffer {
  return (bytes, label) => createHmac('sha256', password).update(`geocluster fresh security:${label}`).digest().subarray(0, bytes);
}

/**
 * A `plain:` password as digest1 (anything else as it is), with a salt derived from the password
 * and the user name: nodes started on copies of one data directory hash it alike and agree.
 */
function stableHash(stored: string | undefined, user: string): string | undefined {
  if (encodingOf(stored) !== 'plain') return stored;
  const password = (stored as string).slice('plain:'.length);
  return encodeDigest1(password, derivedEntropy(password)(16, `salt:${user}`));
}

/** Reads the security folder into the catalog (`source: 'load'`); what GeoServer would skip comes back. */
export function loadSecurity(dataDir: string, catalog: Catalog): { ignored: SecurityIgnored; unsupported: string[] } {
  const read = readSecurityFolder(dataDir);
  if (!read) return { ignored: [], unsupported: [] };
  putSecurityState(catalog, { ...read.state, users: read.state.users.map((u) => ({ ...u, password: stableHash(u.password, u.name) })) }, { source: 'load' });
  return { ignored: read.ignored, unsupported: read.unsupported };
}

/**
 * The file a security change rewrites, with its whole new text: users.xml, roles.xml and the rule
 * files aggregate many objects, so they are written from all of them as the catalog holds them
 * now. Entries skipped at load (`ignored`) are written back as they were.
 */
export function securityFileWrite(catalog: Catalog, change: CatalogChange, ignored: SecurityIgnored): { path: string; data: string } | undefined {
  if (!isSecurityType(change.type)) return undefined;
  const object = change.new ?? change.old;
  if (!object || typeof object.id !== 'string') return undefined;
  const state = securityStateOf(catalog);
  const file = fileOf(state, change.type as SecurityKind, { ...object, id: object.id });
  const data = securityFiles(state, ignored).get(file);
  return data === undefined ? undefined : { path: file, data };
}
