/**
 * Shows that long work goes on: on a terminal, a line redrawn with the elapsed time; otherwise
 * one plain line at the start and one at the end (logs and pipes get no control characters).
 */
export class Progress {
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(private readonly what: string) {
    if (this.tty) {
      this.timer = setInterval(() => this.draw(), 200);
      this.draw();
    } else {
      process.stderr.write(`${what}: started\n`);
    }
  }

  /** Another line takes over the terminal (a bar with more to say): the spinner stops drawing. */
  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  stop(): void {
    const secs = ((Date.now() - this.started) / 1000).toFixed(1);
    if (this.timer) clearInterval(this.timer);
    process.stderr.write(this.tty ? `\r\x1b[K${this.what}: done in ${secs} s\n` : `${this.what}: done in ${secs} s\n`);
  }

  private draw(): void {
    const secs = (Date.now() - this.started) / 1000;
    const frames = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
    process.stderr.write(`\r\x1b[K${frames[Math.floor(secs * 5) % frames.length]} ${this.what} ${secs.toFixed(1)} s`);
  }
}

/**
 * The start-up load as a bar on a terminal (stderr), or a plain line every few seconds otherwise.
 */
export class LoadBar {
  /** A short load shows nothing: the first line comes one interval after the load starts. */
  private last: number | undefined;
  private shown = false;
  private readonly tty = Boolean(process.stderr.isTTY);
  private bar: SnapshotBar | undefined;

  load(files: number, total: number): void {
    const now = Date.now();
    this.last ??= now;
    if (now - this.last < (this.tty ? 200 : 5000) && !(files >= total && this.shown)) return;
    this.last = now;
    this.shown = true;
    const pct = total === 0 ? 100 : Math.floor((files / total) * 100);
    if (!this.tty) return void process.stderr.write(`loading the data directory: ${files} of ${total} files (${pct} %)\n`);
    const width = 30;
    const full = Math.round((pct / 100) * width);
    process.stderr.write(`\r\x1b[Kloading the data directory [${'#'.repeat(full)}${' '.repeat(width - full)}] ${pct} % (${files}/${total} files)`);
  }

  done(): void {
    if (this.tty && this.shown) process.stderr.write('\n');
  }

  /** A snapshot taken from a peer after the load (a new node joining): its own bar. */
  snapshot(p: SnapshotProgress | undefined): void {
    if (!p) {
      this.bar?.done();
      this.bar = undefined;
      return;
    }
    (this.bar ??= new SnapshotBar()).show(p);
  }
}

/** How far a snapshot has got, as the node's status shows it (`cluster.node.snapshot`). */
export interface SnapshotProgress {
  peer: string;
  phase: 'download' | 'install' | 'write';
  bytes: number;
  objects: number;
  total?: number;
}

/**
 * A snapshot being taken (download, install, files written) or a resync, as a bar on a terminal
 * (stderr), or a plain line every few seconds otherwise. Told what the node's status says.
 */
export class SnapshotBar {
  private last = 0;
  private drawn = false;
  private readonly tty: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = Boolean(stream.isTTY);
  }

  show(p: SnapshotProgress): void {
    const now = Date.now();
    if (now - this.last < (this.tty ? 200 : 5000)) return;
    this.last = now;
    const line = describe(p, this.tty);
    if (!this.tty) return void this.stream.write(`${line}\n`);
    this.drawn = true;
    this.stream.write(`\r\x1b[K${line}`);
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** One line: the phase, a bar (on a terminal) or the percentage once the total is known, and the counts. */
export function describe(p: SnapshotProgress, bar = true): string {
  const what = { download: 'downloading', install: 'installing', write: 'writing the files of' }[p.phase];
  const head = `${what} a snapshot from ${p.peer}`;
  if (p.phase === 'download') return `${head}: ${(p.bytes / 1e6).toFixed(1)} MB`;
  const unit = p.phase === 'write' ? 'files' : 'objects';
  if (!p.total) return `${head}: ${p.objects} ${unit}`;
  const pct = Math.min(100, Math.floor((p.objects / p.total) * 100));
  if (!bar) return `${head}: ${pct} % (${p.objects}/${p.total} ${unit})`;
  const width = 30;
  const full = Math.round((pct / 100) * width);
  return `${head} [${'#'.repeat(full)}${' '.repeat(width - full)}] ${pct} % (${p.objects}/${p.total} ${unit})`;
}
