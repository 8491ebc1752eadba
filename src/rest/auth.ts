import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../datadir/files.js';

interface StoredHash {
  user: string;
  salt: string;
  hash: string;
}

const SCRYPT = { N: 16384, r: 8, p: 1 } as const;

/**
 * HTTP Basic authentication of the REST admin. The password comes from GEOSERVER_ADMIN_PASSWORD,
 * or is generated on first start: only its scrypt hash is kept (in the data directory's security
 * folder), and the password itself is shown once. There is no well-known default.
 */
export class AdminAuth {
  private readonly verified = new Map<string, number>();

  private constructor(private readonly stored: StoredHash) {}

  /** Returns the authenticator and, when one was just generated, the password to show once. */
  static init(dataDir: string, user: string, password: string | undefined): { auth: AdminAuth; generated?: string } {
    if (password) return { auth: new AdminAuth(hashOf(user, password)) };
    const file = path.join(dataDir, 'security', 'geocluster-admin.json');
    if (fs.existsSync(file)) {
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredHash;
      if (stored.user === user) return { auth: new AdminAuth(stored) };
    }
    const generated = randomBytes(18).toString('base64url');
    const stored = hashOf(user, generated);
    writeFileAtomic(file, JSON.stringify(stored, null, 2) + '\n');
    fs.chmodSync(file, 0o600);
    return { auth: new AdminAuth(stored), generated };
  }

  /** True when the Authorization header carries the admin's user and password. */
  check(authorization: string | undefined): boolean {
    if (!authorization || !authorization.startsWith('Basic ')) return false;
    const cacheKey = createHash('sha256').update(authorization).digest('base64');
    const until = this.verified.get(cacheKey);
    if (until !== undefined && until > Date.now()) return true;
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const user = decoded.slice(0, colon);
    const candidate = scryptSync(decoded.slice(colon + 1), Buffer.from(this.stored.salt, 'base64'), 32, SCRYPT);
    const ok = user === this.stored.user && timingSafeEqual(candidate, Buffer.from(this.stored.hash, 'base64'));
    if (ok) {
      if (this.verified.size > 1000) this.verified.clear();
      this.verified.set(cacheKey, Date.now() + 5 * 60_000);
    }
    return ok;
  }
}

function hashOf(user: string, password: string): StoredHash {
  const salt = randomBytes(16);
  return { user, salt: salt.toString('base64'), hash: scryptSync(password, salt, 32, SCRYPT).toString('base64') };
}
