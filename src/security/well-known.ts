import { isWellKnownPassword } from './passwords.js';

/**
 * What the node says about users whose password is a well-known default (GeoServer's
 * admin/geoserver): it still works, for compatibility, but is reported at start and in the
 * cluster status. Names the user, never the password.
 */
export function wellKnownPasswordWarnings(users: ReadonlyArray<{ user: string; password: string | undefined }>): string[] {
  return users
    .filter((u) => u.password !== undefined && isWellKnownPassword(u.password))
    .map((u) => `user '${u.user}' has a well-known default password: change it (anyone can guess it)`);
}
