/**
 * Shows that long work goes on: on a terminal, a line redrawn with the elapsed time; otherwise
 * one plain line at the start and one at the end (logs and pipes get no control characters).
 */
export class Progress {
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(private readonly what: string) {
    if (this.tty) {
      this.timer = setInterval(() => this.draw(), 200);
      this.draw();
    } else {
      process.stderr.write(`${what}: started\n`);
    }
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
}
