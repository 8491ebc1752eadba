import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CatalogError } from '../catalog/errors.js';
import { sha256Rounds } from './sha256-rounds.js';

/**
 * The password encodings GeoServer writes in users.xml, each behind its prefix (the encoder beans
 * of GeoServer's applicationSecurityContext.xml): `plain:`, `digest1:`, `crypt1:`, `crypt2:` and
 * `empty:`. GeoServer picks the encoder by prefix (GeoServerMultiplexingPasswordEncoder); a
 * password without a known prefix matches nothing.
 *
 * digest1 (GeoServerDigestPasswordEncoder): jasypt's StrongPasswordEncryptor, a
 * StandardStringDigester with SHA-256, 100,000 iterations and a 16-byte random salt. The password
 * is NFC-normalised and UTF-8 encoded; the digest is H^100000(salt ‖ password), the first round on
 * salt and password, each next one on the previous digest (StandardByteDigester.digest); the
 * stored value is base64(salt ‖ digest), 48 bytes. New passwords are always stored this way.
 *
 * crypt1 and crypt2 (GeoServerPBEPasswordEncoder, PBEWithMD5AndDES and
 * PBEWithSHA256And256BitAES-CBC-BC) are reversible encryptions whose key is the user/group
 * service's secret in security/geoserver.jceks ("ug:<service>:key", a random 32-character
 * password set when the service is created), itself locked by the keystore password. This node
 * keeps no keystore, so such a password cannot be checked: verification answers `unverifiable`
 * and the user must be given a new password. One crypt1 value is known without any key:
 * `crypt1:5WK8hBrtrte9wtImg5i5fjnd8VeqCjDB`, the admin/geoserver of the users.xml GeoServer
 * shipped in its default data directory (doc/en/user/source/security/usergrouprole/
 * usergroupservices.rst); it is recognised so that it is reported as the well-known default.
 */
export type PasswordEncoding = 'plain' | 'digest1' | 'crypt1' | 'crypt2' | 'empty' | 'unknown';

export const ENCODING_PREFIXES = ['plain', 'digest1', 'crypt1', 'crypt2', 'empty'] as const;

export function encodingOf(stored: string | undefined): PasswordEncoding {
  if (stored === undefined) return 'unknown';
  const colon = stored.indexOf(':');
  const prefix = colon < 0 ? '' : stored.slice(0, colon);
  return (ENCODING_PREFIXES as readonly string[]).includes(prefix) ? (prefix as PasswordEncoding) : 'unknown';
}

export type Verification =
  | { outcome: 'match'; encoding: PasswordEncoding; wellKnownDefault: boolean }
  | { outcome: 'mismatch'; encoding: PasswordEncoding }
  | { outcome: 'unverifiable'; encoding: PasswordEncoding; reason: string };

const DIGEST = { algorithm: 'sha256', iterations: 100_000, saltBytes: 16, digestBytes: 32 } as const;

/** GeoServer's well-known default credentials: user admin, password geoserver (GeoServerUser.createDefaultAdmin). */
export const WELL_KNOWN_PASSWORDS: readonly string[] = ['geoserver'];
export const WELL_KNOWN_CRYPT1_ADMIN = 'crypt1:5WK8hBrtrte9wtImg5i5fjnd8VeqCjDB';

/**
 * Checks a candidate against a stored password in constant time for its length. digest1 costs
 * 100,000 SHA-256 rounds (around 100 ms): callers keep it off the event loop's hot
 * path with a cache of recent successes, as GeoServer's authentication cache does.
 */
export function verifyPassword(stored: string | undefined, candidate: string): Verification {
  const encoding = encodingOf(stored);
  const body = stored === undefined ? '' : stored.slice(stored.indexOf(':') + 1);
  switch (encoding) {
    case 'plain':
      return result(encoding, sameText(body, candidate), candidate);
    case 'digest1':
      return result(encoding, digest1Matches(body, candidate), candidate, stored);
    case 'empty':
      return { outcome: 'mismatch', encoding };
    case 'crypt1':
      if (stored === WELL_KNOWN_CRYPT1_ADMIN) return result(encoding, sameText('geoserver', candidate), candidate);
      return { outcome: 'unverifiable', encoding, reason: 'the password is encrypted with the key of a GeoServer keystore that this node does not have' };
    case 'crypt2':
      return { outcome: 'unverifiable', encoding, reason: 'the password is encrypted with the key of a GeoServer keystore that this node does not have' };
    default:
      return { outcome: 'unverifiable', encoding, reason: 'the stored password has no encoding prefix GeoServer knows' };
  }
}

function result(encoding: PasswordEncoding, matches: boolean, candidate: string, stored?: string): Verification {
  if (!matches) return { outcome: 'mismatch', encoding };
  const wellKnownDefault = isWellKnownPassword(candidate);
  if (stored !== undefined) rememberWellKnown(stored, wellKnownDefault);
  return { outcome: 'match', encoding, wellKnownDefault };
}

/**
 * Whether a stored digest1 password is a well-known one, learnt when a password was checked
 * against it and matched, or when it was made: the check of a stored password against the
 * well-known ones (isWellKnownStoredPassword) then costs no digest. Only the stored text and a
 * yes or no are kept, never a password.
 */
const WELL_KNOWN_BY_STORED = new Map<string, boolean>();
const REMEMBERED_STORED = 1024;

function rememberWellKnown(stored: string, wellKnown: boolean): void {
  if (WELL_KNOWN_BY_STORED.size >= REMEMBERED_STORED) WELL_KNOWN_BY_STORED.clear();
  WELL_KNOWN_BY_STORED.set(stored, wellKnown);
}

/** base64(salt ‖ H^100000(salt ‖ nfc(password))) compared with the stored one. */
export function digest1Matches(encoded: string, candidate: string): boolean {
  const stored = Buffer.from(encoded, 'base64');
  if (stored.length !== DIGEST.saltBytes + DIGEST.digestBytes || stored.toString('base64') !== encoded) return false;
  const computed = jasyptDigest(stored.subarray(0, DIGEST.saltBytes), candidate);
  return timingSafeEqual(computed, stored.subarray(DIGEST.saltBytes));
}

function jasyptDigest(salt: Buffer, password: string): Buffer {
  const first = createHash(DIGEST.algorithm).update(salt).update(Buffer.from(password.normalize('NFC'), 'utf8')).digest();
  return sha256Rounds(first, DIGEST.iterations - 1);
}

/** A new digest1 password as GeoServer's digestPasswordEncoder writes it. */
export function encodeDigest1(password: string, salt: Buffer = randomBytes(DIGEST.saltBytes)): string {
  if (salt.length !== DIGEST.saltBytes) throw new Error(`a digest1 salt has ${DIGEST.saltBytes} bytes`);
  const stored = `digest1:${Buffer.concat([salt, jasyptDigest(salt, password)]).toString('base64')}`;
  rememberWellKnown(stored, isWellKnownPassword(password));
  return stored;
}

/** Equal texts, compared in constant time whatever their lengths. */
export function sameText(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** True when a password someone just typed is one of GeoServer's well-known defaults. */
export function isWellKnownPassword(candidate: string): boolean {
  let known = false;
  for (const p of WELL_KNOWN_PASSWORDS) known = sameText(p, candidate) || known;
  return known;
}

/**
 * True when a stored password is a well-known default: the values GeoServer shipped, or any
 * plain or digest1 encoding of a well-known password (costs one digest per known password).
 */
export function isWellKnownStoredPassword(stored: string | undefined): boolean {
  if (stored === WELL_KNOWN_CRYPT1_ADMIN) return true;
  const encoding = encodingOf(stored);
  if (encoding !== 'plain' && encoding !== 'digest1') return false;
  const learnt = WELL_KNOWN_BY_STORED.get(stored!);
  if (learnt !== undefined) return learnt;
  const wellKnown = WELL_KNOWN_PASSWORDS.some((p) => verifyPassword(stored, p).outcome === 'match');
  if (encoding === 'digest1') rememberWellKnown(stored!, wellKnown);
  return wellKnown;
}

/**
 * The stored form of a password a client sent (REST, UI). Plain text is stored as digest1. A
 * value that already carries a prefix is what GeoServer keeps as given (AbstractUserGroupStore.
 * preparePassword): digest1 and empty are kept, plain is turned into digest1 so that no plain
 * text is kept or replicated, and crypt1/crypt2 are refused since no node here could check them.
 */
export function storedPassword(input: string): string {
  switch (encodingOf(input)) {
    case 'digest1':
      if (!/^digest1:[A-Za-z0-9+/]{64}$/.test(input)) throw new CatalogError('invalid', 'A digest1 password must be 48 bytes in base64 (64 characters)');
      return input;
    case 'empty':
      return 'empty:';
    case 'plain':
      return encodeDigest1(input.slice('plain:'.length));
    case 'crypt1':
    case 'crypt2':
      throw new CatalogError('invalid', 'Encrypted (crypt1/crypt2) passwords cannot be set here: send the password itself');
    default:
      if (input === '') throw new CatalogError('invalid', 'The password must not be empty');
      return encodeDigest1(input);
  }
}

/** A stored password as it may travel between nodes: never plain text. */
export function hashOnly(stored: string | undefined): string | undefined {
  return encodingOf(stored) === 'plain' ? encodeDigest1((stored as string).slice('plain:'.length)) : stored;
}
