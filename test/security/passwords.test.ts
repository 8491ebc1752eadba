import { describe, expect, it } from 'vitest';
import { CatalogError } from '../../src/catalog/errors.js';
import {
  encodeDigest1,
  encodingOf,
  hashOnly,
  isWellKnownPassword,
  isWellKnownStoredPassword,
  storedPassword,
  verifyPassword,
  WELL_KNOWN_CRYPT1_ADMIN,
} from '../../src/security/passwords.js';

// geoserver/geoserver data/release/security/usergroup/default/users.xml: the admin user of
// GeoServer's release data directory, whose password is the well-known "geoserver".
const RELEASE_ADMIN_DIGEST = 'digest1:D9miJH/hVgfxZJscMafEtbtliG0ROxhLfsznyWfG38X2pda2JOSV4POi55PQI4tw';
// test/fixtures/security-rich: digest1 of "s3cret" with the salt 00 01 … 0f
const ALICE_DIGEST = 'digest1:AAECAwQFBgcICQoLDA0OD7/Coktz83Uf7v9eGwPBaI6eK9bZc52YNss3vdJOhZeF';

describe('password encodings (GeoServer applicationSecurityContext.xml encoders)', () => {
  it('verifies the digest1 GeoServer ships for admin/geoserver (jasypt StrongPasswordEncryptor: SHA-256, 100000 rounds, 16-byte salt)', () => {
    expect(verifyPassword(RELEASE_ADMIN_DIGEST, 'geoserver')).toEqual({ outcome: 'match', encoding: 'digest1', wellKnownDefault: true });
    expect(verifyPassword(RELEASE_ADMIN_DIGEST, 'geoserver ')).toEqual({ outcome: 'mismatch', encoding: 'digest1' });
  });

  it('writes new passwords as digest1: base64 of salt and digest, 48 bytes, a fresh salt each time', () => {
    const salt = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    expect(encodeDigest1('s3cret', salt)).toBe(ALICE_DIGEST);
    const a = encodeDigest1('p4ss');
    const b = encodeDigest1('p4ss');
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice('digest1:'.length), 'base64')).toHaveLength(48);
    expect(verifyPassword(a, 'p4ss').outcome).toBe('match');
  });

  it('normalises to NFC before digesting, as jasypt StandardStringDigester does', () => {
    const composed = 'caf\u00e9';
    const decomposed = 'cafe\u0301';
    expect(verifyPassword(encodeDigest1(composed), decomposed).outcome).toBe('match');
  });

  it('refuses a truncated or non-base64 digest1 instead of throwing', () => {
    expect(verifyPassword('digest1:AAAA', 'x').outcome).toBe('mismatch');
    expect(verifyPassword('digest1:!!!not base64!!!', 'x').outcome).toBe('mismatch');
  });

  it('checks plain passwords exactly, never matches empty:', () => {
    expect(verifyPassword('plain:bobpw', 'bobpw').outcome).toBe('match');
    expect(verifyPassword('plain:bobpw', 'bobp').outcome).toBe('mismatch');
    expect(verifyPassword('plain:', '').outcome).toBe('match');
    expect(verifyPassword('empty:', '').outcome).toBe('mismatch');
  });

  it('cannot check crypt1/crypt2 without the keystore, except the crypt1 admin/geoserver GeoServer shipped', () => {
    // geoserver/geoserver doc/en/user/source/security/usergrouprole/usergroupservices.rst
    expect(verifyPassword(WELL_KNOWN_CRYPT1_ADMIN, 'geoserver')).toEqual({ outcome: 'match', encoding: 'crypt1', wellKnownDefault: true });
    expect(verifyPassword(WELL_KNOWN_CRYPT1_ADMIN, 'other').outcome).toBe('mismatch');
    expect(verifyPassword('crypt1:ZYumHgpSwOXKRcXns0u/+LMQpY2k1RnT', 'x')).toMatchObject({ outcome: 'unverifiable', encoding: 'crypt1' });
    expect(verifyPassword('crypt2:abc', 'x')).toMatchObject({ outcome: 'unverifiable', encoding: 'crypt2' });
  });

  it('matches nothing without a known prefix (GeoServerMultiplexingPasswordEncoder has no encoder for it)', () => {
    expect(encodingOf('geoserver')).toBe('unknown');
    expect(verifyPassword('geoserver', 'geoserver')).toMatchObject({ outcome: 'unverifiable', encoding: 'unknown' });
    expect(verifyPassword(undefined, '')).toMatchObject({ outcome: 'unverifiable' });
  });

  it('tells well-known default passwords, typed or stored', () => {
    expect(isWellKnownPassword('geoserver')).toBe(true);
    expect(isWellKnownPassword('Geoserver')).toBe(false);
    expect(isWellKnownStoredPassword(RELEASE_ADMIN_DIGEST)).toBe(true);
    expect(isWellKnownStoredPassword(WELL_KNOWN_CRYPT1_ADMIN)).toBe(true);
    expect(isWellKnownStoredPassword('plain:geoserver')).toBe(true);
    expect(isWellKnownStoredPassword(ALICE_DIGEST)).toBe(false);
    expect(isWellKnownStoredPassword('crypt1:ZYumHgpSwOXKRcXns0u/+LMQpY2k1RnT')).toBe(false);
  });

  it('tells them alike when it learnt the answer from making or checking the stored password', () => {
    // made here: learnt from the password it was made of
    expect(isWellKnownStoredPassword(encodeDigest1('geoserver'))).toBe(true);
    expect(isWellKnownStoredPassword(encodeDigest1('not-the-default'))).toBe(false);
    // checked here: learnt from a password that matched, whoever typed it; a mismatch teaches nothing
    const other = encodeDigest1('geoserver', Buffer.alloc(16, 7));
    const mine = encodeDigest1('mine', Buffer.alloc(16, 8));
    expect(verifyPassword(other, 'wrong').outcome).toBe('mismatch');
    expect(verifyPassword(other, 'geoserver')).toMatchObject({ outcome: 'match', wellKnownDefault: true });
    expect(verifyPassword(mine, 'mine')).toMatchObject({ outcome: 'match', wellKnownDefault: false });
    expect(isWellKnownStoredPassword(other)).toBe(true);
    expect(isWellKnownStoredPassword(mine)).toBe(false);
    expect(isWellKnownStoredPassword(RELEASE_ADMIN_DIGEST)).toBe(true);
  });
});

describe('storing a password a client sent', () => {
  it('stores plain text as digest1, also when sent as plain:', () => {
    const stored = storedPassword('n3w-password');
    expect(encodingOf(stored)).toBe('digest1');
    expect(verifyPassword(stored, 'n3w-password').outcome).toBe('match');
    expect(verifyPassword(storedPassword('plain:abc'), 'abc').outcome).toBe('match');
  });

  it('keeps a well-formed digest1 and empty: as given (AbstractUserGroupStore.preparePassword)', () => {
    expect(storedPassword(ALICE_DIGEST)).toBe(ALICE_DIGEST);
    expect(storedPassword('empty:')).toBe('empty:');
  });

  it('refuses what cannot be checked or is malformed, with a clear error', () => {
    expect(() => storedPassword('crypt1:abc')).toThrow(/cannot be set here/);
    expect(() => storedPassword('digest1:short')).toThrow(/48 bytes/);
    expect(() => storedPassword('')).toThrow(CatalogError);
  });

  it('never lets plain text travel: hashOnly turns plain: into digest1', () => {
    const h = hashOnly('plain:bobpw') as string;
    expect(encodingOf(h)).toBe('digest1');
    expect(verifyPassword(h, 'bobpw').outcome).toBe('match');
    expect(hashOnly(ALICE_DIGEST)).toBe(ALICE_DIGEST);
    expect(hashOnly(undefined)).toBeUndefined();
  });
});
