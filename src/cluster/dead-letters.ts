import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../datadir/files.js';

export interface DeadLetter {
  at: string;
  reason: string;
  via: string;
  origin?: string;
  seq?: number;
  /** The message as received (truncated when huge). */
  raw: string;
}

/**
 * Messages that could not be applied: kept one file each in the cluster folder's dead-letters/
 * for an operator to inspect, counted, and never in the way of the messages behind them.
 */
export class DeadLetters {
  private count = 0;
  private last: DeadLetter | undefined;

  constructor(private readonly dir: string) {
    try {
      this.count = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).length;
    } catch {
      this.count = 0;
    }
  }

  add(letter: Omit<DeadLetter, 'at'>): DeadLetter {
    const full: DeadLetter = { at: new Date().toISOString(), ...letter, raw: letter.raw.length > 1_000_000 ? letter.raw.slice(0, 1_000_000) : letter.raw };
    const name = `${full.at.replace(/[:.]/g, '-')}-${safe(letter.origin ?? 'unknown')}-${letter.seq ?? 0}-${this.count}.json`;
    writeFileAtomic(path.join(this.dir, name), JSON.stringify(full, null, 2) + '\n');
    this.count++;
    this.last = full;
    return full;
  }

  get total(): number {
    return this.count;
  }

  get latest(): DeadLetter | undefined {
    return this.last;
  }
}

function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
}
