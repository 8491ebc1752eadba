/**
 * Hybrid logical clock stamps: wall-clock milliseconds plus a counter, ordered with the origin
 * name as the final tie-break, so that every node orders any two changes the same way.
 */
export interface Stamp {
  /** Wall-clock milliseconds (the largest seen). */
  l: number;
  /** Counter within the same millisecond. */
  c: number;
  /** Instance that made the change. */
  o: string;
}

export function compareStamps(a: Stamp, b: Stamp): number {
  if (a.l !== b.l) return a.l < b.l ? -1 : 1;
  if (a.c !== b.c) return a.c < b.c ? -1 : 1;
  return a.o < b.o ? -1 : a.o > b.o ? 1 : 0;
}

export class HybridClock {
  private l = 0;
  private c = 0;

  constructor(
    private readonly origin: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** A stamp for a local change, later than every stamp seen so far. */
  tick(): Stamp {
    const wall = this.now();
    if (wall > this.l) {
      this.l = wall;
      this.c = 0;
    } else {
      this.c++;
    }
    return { l: this.l, c: this.c, o: this.origin };
  }

  /** Moves the clock past a stamp received from another node. */
  observe(s: Stamp): void {
    const wall = this.now();
    const l = Math.max(wall, this.l, s.l);
    if (l === this.l && l === s.l) this.c = Math.max(this.c, s.c) + 1;
    else if (l === this.l) this.c++;
    else if (l === s.l) this.c = s.c + 1;
    else this.c = 0;
    this.l = l;
  }
}
