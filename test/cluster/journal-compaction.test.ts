import fc from 'fast-check';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import type { Envelope, Op } from '../../src/cluster/envelope.js';
import { Journal } from '../../src/cluster/journal.js';
import { tempDir } from '../helpers/node-process.js';

/*
 * What journal compaction removes (DESIGN §3.3, journal.maxEvents and journal.retentionDays): an
 * event at or before the limit goes when a later applied event changed the same object, or when it
 * is a removal older than the tombstone retention; everything else stays, and each origin's horizon
 * is the highest seq that went. Checked against that rule computed here, over random histories of
 * several origins and objects, with events applied or not (lost to a newer version, dead-lettered).
 */

interface Step {
  origin: number;
  object: number;
  type: number;
  op: Op;
  applied: boolean;
  age: number;
}

const TYPES = ['workspace', 'namespace', 'resource'];
const step = fc.record({
  origin: fc.integer({ min: 0, max: 2 }),
  object: fc.integer({ min: 0, max: 5 }),
  type: fc.integer({ min: 0, max: 2 }),
  op: fc.constantFrom<Op>('add', 'modify', 'remove', 'put', 'delete'),
  applied: fc.boolean(),
  age: fc.integer({ min: 0, max: 20 }),
});

it('removes exactly the superseded events and the expired removals, and sets each horizon', () => {
  const dir = tempDir('geocluster-compaction-');
  let run = 0;
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 21 }), (steps: Step[], upto, cutoffAge) => {
      const now = Date.now();
      const day = 86_400_000;
      const journal = new Journal(path.join(dir, `journal-${run++}.sqlite`));
      try {
        const seqs = [0, 0, 0];
        const events = steps.map((s, i) => {
          const origin = `node-${s.origin}`;
          const env: Envelope = { v: 1, group: 'g', origin, seq: ++seqs[s.origin], hlc: [now - s.age * day, i], deps: {}, op: s.op, type: TYPES[s.type], id: `obj-${s.object}` };
          return { lsn: journal.append(env, s.applied), env, applied: s.applied };
        });
        journal.commit();
        const before = now - cutoffAge * day;

        const expected = events.filter((e) => {
          if (e.lsn > upto) return false;
          const superseded = events.some((l) => l.lsn > e.lsn && l.applied && l.env.type === e.env.type && l.env.id === e.env.id);
          const expired = (e.env.op === 'remove' || e.env.op === 'delete') && e.env.hlc[0] < before;
          return superseded || expired;
        });
        const horizons: Record<string, number> = {};
        for (const e of expected) horizons[e.env.origin] = Math.max(horizons[e.env.origin] ?? 0, e.env.seq);

        expect(journal.compact(upto, before)).toBe(expected.length);
        journal.commit();
        const gone = new Set(expected.map((e) => e.lsn));
        expect(journal.eventsSince(0, 1000).map((e) => e.lsn)).toEqual(events.filter((e) => !gone.has(e.lsn)).map((e) => e.lsn));
        expect(journal.horizons()).toEqual(horizons);
        expect(journal.eventCount()).toBe(events.length - expected.length);
      } finally {
        journal.close();
      }
    }),
    { numRuns: 150, seed: 15 },
  );
});
