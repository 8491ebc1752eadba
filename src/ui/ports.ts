/**
 * What the web UI needs from the rest of the node, as ports passed in by main.ts: it checks
 * passwords through the same function as the REST API and never keeps users of its own.
 */
export interface Principal {
  name: string;
  /** The GeoServer user/group service the user was found in. */
  userGroupService?: string;
  roles: readonly string[];
}

/** Checks a user name and password; undefined when they do not match. */
export type Authenticate = (user: string, password: string) => Principal | undefined | Promise<Principal | undefined>;

/**
 * Brute-force prevention around a login, the same guard as REST's: decides whether to try it
 * (`too-many`: refused without checking the password), and slows failures down (`refused` comes
 * only after the delay). `address` is the client's IP address as the socket sees it.
 */
export interface LoginGuard {
  attemptLogin(user: string, address: string, verify: () => Promise<boolean>): Promise<'ok' | 'refused' | 'too-many'>;
}

/** The Authorization header of HTTP Basic auth, for authenticators that take one. */
export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}
