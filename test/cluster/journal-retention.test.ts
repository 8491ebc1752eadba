import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/cluster/journal.js';
import { tempDir } from '../helpers/node-process.js';

const journalFile = () => path.join(tempDir('geocluster-journal-'), 'journal.sqlite');

const day = 86_400_000;
const now = Date.now();
const daysAgo = (days: number) => ({ l: now - days * day, c: 0, o: 'a' });

// DESIGN §3.3: removes leave tombstones for a retention period (journal.retentionDays).
describe('journal tombstone retention', () => {
  it('forgets only tombstones older than the retention period, also after a reopen', () => {
    const file = journalFile();
    const j = new Journal(file);
    j.setVersion('old-removed', { type: 'workspace', stamp: daysAgo(10), deleted: true });
    j.setVersion('new-removed', { type: 'workspace', stamp: daysAgo(1), deleted: true });
    j.setVersion('old-alive', { type: 'workspace', stamp: daysAgo(10), deleted: false });
    j.commit();
    expect(j.expireTombstones(now - 7 * day)).toBe(1);
    j.close();
    const again = new Journal(file);
    expect(again.version('old-removed')).toBeUndefined();
    expect(again.version('new-removed')?.deleted).toBe(true);
    expect(again.version('old-alive')?.deleted).toBe(false);
    again.close();
  });

  it('forgets the row of what an expired tombstone replaced in the same transaction', () => {
    const file = journalFile();
    const j = new Journal(file);
    j.setVersion('late', { type: 'workspace', stamp: daysAgo(12), deleted: false });
    j.commit();
    // an old removal applied, then expired before its transaction commits
    j.setVersion('late', { type: 'workspace', stamp: daysAgo(10), deleted: true });
    expect(j.expireTombstones(now - 7 * day)).toBe(1);
    j.commit();
    j.close();
    const again = new Journal(file);
    expect(again.version('late')).toBeUndefined();
    again.close();
  });
});
