import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { ALL_TYPES } from '../catalog/types.js';
import { isXObject, type XObject, type XValue } from '../xml/tree.js';
import { checkDatagramMac, checkRequestToken, datagramMac, makeRequestToken, NonceCache, type TokenVerdict } from './request-token.js';

/** The protocol version this node speaks; an envelope of another version is refused. */
export const PROTOCOL_VERSION = 1;

export type Op = 'add' | 'modify' | 'remove' | 'put' | 'delete';

/** An attached file: a style body, an icon, any data directory file that travels with a change. */
export interface EnvelopeFile {
  path: string;
  sha256: string;
  /** base64 */
  data: string;
}

/** One configuration change on the wire (DESIGN §3). `(origin, seq)` is its identity. */
export interface Envelope {
  v: number;
  group: string;
  origin: string;
  seq: number;
  /** Hybrid logical clock at the origin: [wall ms, counter]. */
  hlc: [number, number];
  /** For each other origin, the highest seq the origin had applied when it made this change. */
  deps: Record<string, number>;
  op: Op;
  /** A catalog or configuration type, or 'resource' for a data directory file. */
  type: string;
  /** Object id, configuration slot key, or file path. */
  id: string;
  /** Qualified name, for people reading logs. */
  name?: string;
  /** The whole new state of the object (never a diff). */
  object?: XValue;
  files?: EnvelopeFile[];
  /** REST parameters that change how a slave persists the change (purge). */
  params?: Record<string, string>;
  sig?: string;
}

export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

const TYPES = new Set<string>([...ALL_TYPES, 'resource']);
const OPS = new Set<string>(['add', 'modify', 'remove', 'put', 'delete']);
const SAFE_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_DEPTH = 64;

/** Checks an envelope received from the wire field by field; the error says which field and why. */
export function validateEnvelope(raw: unknown): Envelope {
  if (!isRecord(raw)) throw new EnvelopeError('envelope is not a JSON object');
  if (raw.v !== PROTOCOL_VERSION) throw new EnvelopeError(`unknown protocol version ${JSON.stringify(raw.v)} (this node speaks ${PROTOCOL_VERSION})`);
  const str = (k: string, max = 1024) => {
    const v = raw[k];
    if (typeof v !== 'string' || v.length === 0 || v.length > max) throw new EnvelopeError(`field '${k}' must be a non-empty string of at most ${max} characters`);
    return v;
  };
  str('group', 256);
  const origin = str('origin', 64);
  if (!SAFE_NAME.test(origin)) throw new EnvelopeError(`field 'origin' is not a valid instance name: ${JSON.stringify(origin)}`);
  if (!Number.isSafeInteger(raw.seq) || (raw.seq as number) < 1) throw new EnvelopeError(`field 'seq' must be a positive integer`);
  const hlc = raw.hlc;
  if (!Array.isArray(hlc) || hlc.length !== 2 || !hlc.every((n) => Number.isSafeInteger(n) && n >= 0)) throw new EnvelopeError(`field 'hlc' must be [millis, counter]`);
  if (!isRecord(raw.deps) || !Object.entries(raw.deps).every(([k, n]) => SAFE_NAME.test(k) && Number.isSafeInteger(n) && (n as number) >= 0)) {
    throw new EnvelopeError(`field 'deps' must map instance names to sequence numbers`);
  }
  if (!OPS.has(raw.op as string)) throw new EnvelopeError(`field 'op' must be one of ${[...OPS].join(', ')}`);
  if (!TYPES.has(raw.type as string)) throw new EnvelopeError(`field 'type' is not a known type: ${JSON.stringify(raw.type)}`);
  str('id', 4096);
  if (raw.name !== undefined && typeof raw.name !== 'string') throw new EnvelopeError(`field 'name' must be a string`);
  const needsObject = raw.op === 'add' || raw.op === 'modify' || (raw.op === 'put' && raw.type !== 'resource');
  if (needsObject && !isXObject(raw.object as XValue)) throw new EnvelopeError(`field 'object' must hold the whole object for '${String(raw.op)}'`);
  if (raw.object !== undefined) checkXValue(raw.object, 'object', 0);
  if (raw.files !== undefined) {
    if (!Array.isArray(raw.files)) throw new EnvelopeError(`field 'files' must be a list`);
    for (const f of raw.files) {
      if (!isRecord(f) || typeof f.path !== 'string' || typeof f.sha256 !== 'string' || typeof f.data !== 'string') throw new EnvelopeError(`each of 'files' needs path, sha256 and data`);
      const bytes = Buffer.from(f.data, 'base64');
      if (sha256(bytes) !== f.sha256) throw new EnvelopeError(`file '${f.path}' does not match its sha256`);
    }
  }
  if (raw.type === 'resource' && raw.op === 'put' && (!Array.isArray(raw.files) || raw.files.length !== 1)) throw new EnvelopeError(`a resource put carries exactly one file`);
  if (raw.params !== undefined && (!isRecord(raw.params) || !Object.values(raw.params).every((v) => typeof v === 'string'))) throw new EnvelopeError(`field 'params' must map names to strings`);
  if (raw.sig !== undefined && (typeof raw.sig !== 'string' || !/^[0-9a-f]{64}$/.test(raw.sig))) throw new EnvelopeError(`field 'sig' must be a hex HMAC-SHA256`);
  return raw as unknown as Envelope;
}

function checkXValue(v: unknown, where: string, depth: number): void {
  if (depth > MAX_DEPTH) throw new EnvelopeError(`field '${where}' is nested too deeply`);
  if (typeof v === 'string') return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkXValue(x, `${where}[${i}]`, depth + 1));
    return;
  }
  if (!isRecord(v)) throw new EnvelopeError(`field '${where}' must contain only strings, objects and lists`);
  for (const [k, x] of Object.entries(v)) checkXValue(x, `${where}.${k}`, depth + 1);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The bytes a signature covers: the envelope as serialised, without its signature. */
function signedText(env: Envelope): string {
  const { sig: _sig, ...rest } = env;
  return JSON.stringify(rest);
}

interface Keys {
  mac: Buffer;
  enc: Buffer;
  token: Buffer;
  beacon: Buffer;
}

function keysOf(secret: string): Keys {
  const ikm = Buffer.from(secret, 'utf8');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', ikm, 'geocluster', info, 32));
  return { mac: derive('envelope-signature'), enc: derive('field-encryption'), token: derive('request-token'), beacon: derive('multicast-announcement') };
}

/**
 * The cluster secret: signs envelopes (HMAC-SHA256), encrypts sensitive fields (AES-256-GCM),
 * makes and checks request tokens and authenticates multicast announcements, each with its own
 * key derived from the secret. During a rotation the previous secret (`secret.previous`) is
 * accepted for verifying and opening, never used to sign or seal.
 */
export class ClusterSecret {
  private readonly keys: Keys[];

  constructor(secret: string, previous: readonly string[] = [], private readonly nonces = new NonceCache()) {
    this.keys = [secret, ...previous.filter((p) => p && p !== secret)].map(keysOf);
  }

  sign(env: Envelope): Envelope {
    return { ...env, sig: createHmac('sha256', this.keys[0].mac).update(signedText(env)).digest('hex') };
  }

  verify(env: Envelope): boolean {
    if (!env.sig) return false;
    const given = Buffer.from(env.sig, 'hex');
    return this.keys.some((k) => {
      const expected = createHmac('sha256', k.mac).update(signedText(env)).digest();
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  }

  /** A token for one request to a peer's /geoserver/cluster endpoints (see request-token.ts). */
  token(method: string, url: URL): string {
    return makeRequestToken(this.keys[0].token, method, url);
  }

  checkToken(method: string, url: URL, token: string | undefined): TokenVerdict {
    return checkRequestToken(this.keys.map((k) => k.token), this.nonces, method, url, token);
  }

  /** Authenticates a multicast announcement. */
  announcementMac(text: string): string {
    return datagramMac(this.keys[0].beacon, text);
  }

  checkAnnouncement(text: string, mac: string): boolean {
    return checkDatagramMac(this.keys.map((k) => k.beacon), text, mac);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0].enc, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${ENC_PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** Opens a sealed field with the secret, else with the previous one; throws when neither opens it. */
  decrypt(sealed: string): string {
    const raw = Buffer.from(sealed.slice(ENC_PREFIX.length), 'base64');
    let failure: unknown;
    for (const k of this.keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', k.enc, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch (err) {
        failure = err;
      }
    }
    throw failure;
  }
}

/** The cluster's secret from cluster.properties `secret` (and `secret.previous`); none when it is empty. */
export function clusterSecret(secret: string, previous = '', nonces?: NonceCache): ClusterSecret | undefined {
  return secret ? new ClusterSecret(secret, previous ? [previous] : [], nonces) : undefined;
}

const ENC_PREFIX = 'gcenc:v1:';
// accessKey and accountKey: the keys of GeoWebCache's S3 and Azure blob stores (gwc/model.ts SENSITIVE_FIELDS)
const SENSITIVE_KEY = /passw(or)?d|secret|token|credential|apikey|api_key|accesskey|accountkey/i;

/**
 * Sensitive fields of an object (store passwords, connection secrets) passed through `seal`:
 * connection parameter entries whose key names a secret, and elements named like one.
 */
export function mapSensitive(value: XValue, seal: (s: string) => string): XValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => mapSensitive(v, seal));
  const out: XObject = {};
  const keyAttr = value['@key'];
  const sensitiveEntry = typeof keyAttr === 'string' && SENSITIVE_KEY.test(keyAttr);
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (typeof v === 'string' && ((k === '$' && sensitiveEntry) || (!k.startsWith('@') && k !== '$' && SENSITIVE_KEY.test(k)))) out[k] = seal(v);
    else out[k] = mapSensitive(v, seal);
  }
  return out;
}

/** Whether an object's JSON may hold a field mapSensitive seals: when not, sealing it changes nothing. */
export function mayHoldSensitive(json: string): boolean {
  return SENSITIVE_KEY.test(json);
}

/** Whether a text may hold a sealed field: when not, opening its sealed fields changes nothing. */
export function mayHoldSealed(text: string): boolean {
  return text.includes(ENC_PREFIX);
}

export function isSealed(s: string): boolean {
  return s.startsWith(ENC_PREFIX);
}
