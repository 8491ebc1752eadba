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
