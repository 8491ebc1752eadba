import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * One broker process started from an installed binary: spawned in its own session (like `setsid`),
 * console output appended to a file, readiness polled with a deadline, stopped by PID only.
 */
export interface LaunchSpec {
  /** For messages: 'ActiveMQ', 'RabbitMQ', … */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdout and stderr of every start, appended. */
  consoleLog: string;
  /** Other log files whose tail belongs in an error (the broker's own log). */
  logs?: string[];
  /** True once the broker serves clients; `since` is the console log's size when this start began. */
  ready: (since: number) => Promise<boolean>;
  deadlineMs: number;
  /** The file the broker writes its real PID to, when the command is a launcher script (RabbitMQ). */
  pidFile?: string;
}

/** Every broker process still alive, killed when the test worker exits (a crashed test leaves no broker behind). */
const live = new Set<BrokerProcess>();
const killAll = () => {
  for (const p of live) p.killNow();
};
process.once('exit', killAll);
// vitest ends its worker processes with SIGTERM, which skips 'exit' handlers unless someone listens
process.once('SIGTERM', () => {
  killAll();
  process.exit(143);
});

export class BrokerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;

  constructor(readonly spec: LaunchSpec) {}

  /** The broker's PID (for RabbitMQ the beam.smp from its pid file, else the spawned process). */
  get pid(): number | undefined {
    if (!this.running) return undefined;
    return this.serverPid() ?? this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and waits until `ready`; on failure kills it and throws with the log tails. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.spec.name} is already running (pid ${this.pid})`);
    if (this.spec.pidFile) fs.rmSync(this.spec.pidFile, { force: true });
    const since = fs.existsSync(this.spec.consoleLog) ? fs.statSync(this.spec.consoleLog).size : 0;
    const out = fs.openSync(this.spec.consoleLog, 'a');
    const t0 = Date.now();
    let spawnError: Error | undefined;
    try {
      const child = spawn(this.spec.command, this.spec.args, { cwd: this.spec.cwd, env: this.spec.env ?? process.env, stdio: ['ignore', out, out], detached: true });
      child.once('error', (err) => (spawnError = err));
      child.unref(); // a broker left running must not keep the test worker alive; the exit hook kills it
      this.child = child;
      this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
      live.add(this);
      void this.exited.then(() => live.delete(this));
    } finally {
      fs.closeSync(out);
    }
    while (Date.now() - t0 < this.spec.deadlineMs) {
      if (spawnError) break;
      if (!this.running) break;
      if (await this.spec.ready(since).catch(() => false)) return;
      await delay(100);
    }
    const why = spawnError
      ? `could not be spawned: ${spawnError.message}`
      : !this.running
        ? `exited (code ${this.child?.exitCode}, signal ${this.child?.signalCode}) before it was ready`
        : `was not ready within ${this.spec.deadlineMs} ms`;
    await this.kill('SIGKILL').catch(() => undefined);
    throw new Error(`${this.spec.name} ${why} (${this.spec.command} ${this.spec.args.join(' ')})\n${this.logTail()}`);
  }

  /** Sends the signal to the broker and waits for it to exit; SIGKILL if it is still there after `graceMs`. */
  async kill(signal: NodeJS.Signals = 'SIGKILL', graceMs = 30_000): Promise<void> {
    if (!this.running) return;
    const pid = this.serverPid() ?? this.child!.pid!;
    signalPid(pid, signal);
    if (pid !== this.child!.pid && signal === 'SIGKILL') signalPid(this.child!.pid!, 'SIGKILL');
    const t = setTimeout(() => this.killNow(), graceMs);
    try {
      await this.exited;
      await waitGone(pid, graceMs);
    } finally {
      clearTimeout(t);
    }
  }

  /** Synchronous SIGKILL of the broker and its launcher (for the exit hook and timeouts). */
  killNow(): void {
    const pid = this.serverPid();
    if (pid) signalPid(pid, 'SIGKILL');
    if (this.child?.pid && this.running) signalPid(this.child.pid, 'SIGKILL');
  }

  /** The last lines of the console log and the broker's own logs. */
  logTail(lines = 40): string {
    const files = [this.spec.consoleLog, ...(this.spec.logs ?? [])];
    return files
      .filter((f) => fs.existsSync(f))
      .map((f) => `--- ${f} (last ${lines} lines) ---\n${fs.readFileSync(f, 'utf8').split('\n').slice(-lines - 1).join('\n')}`)
      .join('\n');
  }

  private serverPid(): number | undefined {
    if (!this.spec.pidFile || !fs.existsSync(this.spec.pidFile)) return undefined;
    const n = Number(fs.readFileSync(this.spec.pidFile, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  }
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await delay(20);
  }
  throw new Error(`process ${pid} is still alive ${timeoutMs} ms after it was signalled`);
}

/** A loopback port that was free a moment ago (bound on port 0, then closed). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Connects to 127.0.0.1:port, writes `hello` (if any) and resolves true once the answer satisfies
 * `answered` (or, without `answered`, as soon as the port accepts); false on refusal or silence.
 */
export function probe(port: number, hello?: Buffer | string, answered?: (data: Buffer) => boolean, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
    socket.once('connect', () => {
      if (!answered) return done(true);
      if (hello !== undefined) socket.write(hello);
    });
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (answered?.(data)) done(true);
    });
  });
}

/** True once `text` appears in the file after byte offset `since`. */
export function logHas(file: string, since: number, text: string | RegExp): boolean {
  if (!fs.existsSync(file)) return false;
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= since) return false;
    const buf = Buffer.alloc(size - since);
    fs.readSync(fd, buf, 0, buf.length, since);
    const s = buf.toString('utf8');
    return typeof text === 'string' ? s.includes(text) : text.test(s);
  } finally {
    fs.closeSync(fd);
  }
}
