import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog.js';
import { DeadLetters } from '../../src/cluster/dead-letters.js';
import { ConfigDigest } from '../../src/cluster/digest.js';
import { ClusterSecret, EnvelopeError, validateEnvelope, type Envelope } from '../../src/cluster/envelope.js';
import { Journal } from '../../src/cluster/journal.js';
import { Replicator } from '../../src/cluster/replicator.js';
import { initDataDir } from '../../src/datadir/fresh.js';
import { loadDataDir } from '../../src/datadir/loader.js';
import { DataDirPersister } from '../../src/datadir/persister.js';
import { ResourceStore } from '../../src/datadir/resources.js';
import { snapshotDir, tempDir } from '../helpers/node-process.js';

/*
 * Fuzzing of the envelope decoder and of the apply path (issue 9, point 6): arbitrary JSON,
 * arbitrary envelopes signed with the cluster secret, and valid envelopes altered after signing.
 * Bounded (fixed seed, fixed numRuns). Nothing may throw; every rejected envelope is dead-lettered
 * and counted; a rejected envelope changes neither the catalog (its digest) nor the data directory.
 */

const SEED = 20261201;
const SECRET = new ClusterSecret('fuzz-cluster-secret-0123456789');
const GROUP = 'fuzz-group';

let dir: string;
let catalog: Catalog;
let journal: Journal;
let deadLetters: DeadLetters;
let digest: ConfigDigest;
let replicator: Replicator;

beforeAll(async () => {
  dir = tempDir('geocluster-fuzz-');
  initDataDir(dir);
  catalog = new Catalog();
  await loadDataDir(dir, catalog, { threads: 1 });
  const persister = new DataDirPersister(dir, catalog, { flush: 'auto' });
  persister.attach();
  const resources = new ResourceStore(dir, persister);
  fs.mkdirSync(path.join(dir, 'cluster'), { recursive: true });
  journal = new Journal(path.join(dir, 'cluster', 'journal.sqlite'));
  deadLetters = new DeadLetters(path.join(dir, 'cluster', 'dead-letters'));
  digest = new ConfigDigest();
  digest.reset(catalog);
  digest.follow(catalog);
  replicator = new Replicator({
    instanceName: 'fuzzed', group: GROUP, catalog, resources, journal, deadLetters,
    log: pino({ level: 'silent' }), secret: SECRET, requestRepair: () => undefined,
  });
  replicator.attach();
});

afterAll(() => {
  journal?.close();
});

const TYPES = ['workspace', 'namespace', 'dataStore', 'coverageStore', 'featureType', 'layer', 'layerGroup', 'style', 'global', 'resource', 'bogus'];
const OPS = ['add', 'modify', 'remove', 'put', 'delete', 'frobnicate'];
const xvalue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, fc.string(), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.oneof(fc.constantFrom('id', 'name', '@class', '$', 'workspace', 'namespace', 'store', '__proto__', 'constructor'), fc.string()), tie('v'), { maxKeys: 4 })),
})).v;

/** Envelopes shaped like real ones with any field possibly wrong, signed with the cluster secret. */
const signedEnvelope = fc
  .record({
    v: fc.oneof(fc.constant(1), fc.integer()),
    group: fc.oneof(fc.constant(GROUP), fc.string()),
    origin: fc.oneof(fc.constantFrom('peer-a', 'peer-b'), fc.string()),
    seq: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer()),
    hlc: fc.tuple(fc.nat(), fc.nat()),
    deps: fc.oneof(fc.constant({}), fc.dictionary(fc.string(), fc.integer())),
    op: fc.constantFrom(...OPS),
    type: fc.constantFrom(...TYPES),
    id: fc.oneof(fc.string(), fc.constantFrom('WorkspaceInfoImpl-1', '../../etc/passwd', 'styles/x.sld', '/abs')),
    name: fc.option(fc.string(), { nil: undefined }),
    object: fc.option(xvalue, { nil: undefined }),
  })
  .map((e) => SECRET.sign(e as unknown as Envelope));

function expectUnchangedWhenRejected(message: string | object): void {
  const before = { digest: digest.value, dead: deadLetters.total, rejected: replicator.counters.rejected, files: snapshotDir(dir) };
  const result = replicator.receive(message, 'fuzz');
  if (result === 'rejected') {
    expect(deadLetters.total, 'every rejected envelope is dead-lettered').toBe(before.dead + 1);
    expect(replicator.counters.rejected).toBe(before.rejected + 1);
  }
  if (result !== 'applied') {
    expect(digest.value, `catalog unchanged after '${result}'`).toBe(before.digest);
    const files = snapshotDir(dir);
    for (const [f, content] of before.files) if (!f.startsWith('cluster/')) expect(files.get(f), f).toBe(content);
  }
}

describe('envelope decoder (fuzzed)', () => {
  it('validateEnvelope never throws anything but EnvelopeError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), signedEnvelope), (raw) => {
        try {
          validateEnvelope(raw);
        } catch (err) {
          expect(err).toBeInstanceOf(EnvelopeError);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe('Replicator.receive (fuzzed)', () => {
  it('arbitrary text and JSON are rejected, dead-lettered and counted, and change nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        expectUnchangedWhenRejected(text);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('a valid envelope altered after signing is rejected as forged and changes nothing', () => {
    const valid = SECRET.sign({ v: 1, group: GROUP, origin: 'peer-z', seq: 1, hlc: [1, 0], deps: {}, op: 'add', type: 'workspace', id: 'WorkspaceInfoImpl-z', name: 'z', object: { id: 'WorkspaceInfoImpl-z', name: 'z' } });
    fc.assert(
      fc.property(fc.constantFrom('name', 'id', 'type', 'op', 'hlc', 'object'), fc.string({ minLength: 1 }), (field, value) => {
        const altered = { ...valid, [field]: field === 'hlc' ? [2, 0] : field === 'object' ? { id: 'WorkspaceInfoImpl-z', name: value } : value };
        if (JSON.stringify(altered) === JSON.stringify(valid)) return;
        const before = deadLetters.total;
        const result = replicator.receive(altered, 'fuzz');
        if (result !== 'ignored' && result !== 'duplicate') {
          expect(result).toBe('rejected');
          expect(deadLetters.total).toBe(before + 1);
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('envelopes signed with the secret but holding anything never throw, and a rejected one changes nothing', () => {
    fc.assert(
      fc.property(signedEnvelope, (env) => {
        expectUnchangedWhenRejected(env);
      }),
      { seed: SEED, numRuns: 120 },
    );
  });
});
