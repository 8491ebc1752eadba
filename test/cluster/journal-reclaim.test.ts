import * as fs from 'node:fs';
import * as path from 'node:path';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { Compaction } from '../../src/cluster/compaction.js';
import { DATADIR_LSN } from '../../src/cluster/group-commit.js';
import { Journal } from '../../src/cluster/journal.js';
import { tempDir } from '../helpers/node-process.js';

/*
 * After a compaction that freed most of the journal's file, the file shrinks (VACUUM once the
 * compaction is committed); what compaction kept is all still there.
 */

let journal: Journal | undefined;
afterEach(() => journal?.close());

const fileSize = (dir: string) => fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);

it('a compaction that freed most of the file shrinks it, and keeps what it kept', async () => {
  const dir = tempDir('geocluster-reclaim-');
  journal = new Journal(path.join(dir, 'journal.sqlite'));
  const j = journal;
  const padding = 'x'.repeat(1000);
  for (let seq = 1; seq <= 40_000; seq++) {
    j.append({ v: 1, group: 'g', origin: 'o', seq, hlc: [Date.now(), 0], deps: {}, op: 'modify', type: 'workspace', id: `ws-${seq % 10}`, object: { name: `ws${seq % 10}`, padding } }, true);
  }
  j.setCursor('o', 40_000);
  j.setMeta(DATADIR_LSN, String(j.lastLsn()));
  j.commit();
  const before = fileSize(dir);
  expect(before).toBeGreaterThan(40e6);

  let committed: Promise<void> = Promise.resolve();
  const compaction = new Compaction({
    journal: j,
    limits: () => ({ maxEvents: 1000, retentionDays: 7 }),
    outboxLsn: () => Number.MAX_SAFE_INTEGER,
    commit: () => (committed = Promise.resolve().then(() => j.commit())),
    log: pino({ level: 'silent' }),
  });
  compaction.afterCommit();
  await committed;
  // the shrink runs once the compaction's commit has resolved
  await new Promise((resolve) => setImmediate(resolve));
  const kept = j.eventCount();
  expect(kept).toBeLessThan(1000);
  expect(fileSize(dir)).toBeLessThan(before / 4);
  expect(j.eventsSince(0, 10_000)).toHaveLength(kept);
  expect(j.cursor('o')).toBe(40_000);
  expect(j.horizons().o).toBeGreaterThan(0);
}, 120_000);
