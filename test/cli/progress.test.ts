import { expect, it } from 'vitest';
import { describe as describeSnapshot, SnapshotBar, type SnapshotProgress } from '../../src/cli/progress.js';

/* The bar of a snapshot being taken: one line per phase; a terminal gets it redrawn, a log gets plain lines. */

function stream(tty: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY: tty, text: '', write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

const base: SnapshotProgress = { peer: 'a', phase: 'install', bytes: 0, objects: 0 };

it('says each phase of a snapshot, with a bar once the total is known', () => {
  expect(describeSnapshot({ ...base, phase: 'download', bytes: 12_345_678 })).toBe('downloading a snapshot from a: 12.3 MB');
  expect(describeSnapshot({ ...base, objects: 10_000 })).toBe('installing a snapshot from a: 10000 objects');
  expect(describeSnapshot({ ...base, objects: 50, total: 200 })).toBe(`installing a snapshot from a [${'#'.repeat(8)}${' '.repeat(22)}] 25 % (50/200 objects)`);
  expect(describeSnapshot({ ...base, phase: 'write', objects: 200, total: 200 })).toMatch(/^writing the files of a snapshot from a \[#{30}\] 100 % \(200\/200 files\)$/);
});

it('redraws one line on a terminal and clears it when done; writes plain lines otherwise', () => {
  const tty = stream(true);
  const bar = new SnapshotBar(tty);
  bar.show({ ...base, objects: 1, total: 4 });
  bar.done();
  expect(tty.text).toBe(`\r\x1b[K${describeSnapshot({ ...base, objects: 1, total: 4 })}\r\x1b[K`);

  const log = stream(false);
  new SnapshotBar(log).show({ ...base, objects: 1, total: 4 });
  expect(log.text).toBe('installing a snapshot from a: 25 % (1/4 objects)\n');
  expect(log.text).not.toContain('\x1b');
});
