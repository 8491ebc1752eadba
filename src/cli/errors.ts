import { ClusterConfigError } from '../config/cluster-properties.js';
import { ConfigError } from '../config/node-config.js';

/** Exit codes: 2 for a usage or settings mistake (fix the command), 1 for a failure at run time. */
export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'exists and is not a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'no such file or directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this machine',
};

/**
 * One line that says what went wrong, for a person at a terminal: never a stack trace. A system
 * error names its path or address and what the system said; anything else is its message.
 */
export function describeFailure(err: unknown): { line: string; exitCode: number } {
  if (err instanceof UsageError || err instanceof ConfigError) return { line: err.message, exitCode: EXIT_USAGE };
  if (err instanceof ClusterConfigError && err.code !== 'io') return { line: err.message, exitCode: EXIT_USAGE };
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e && typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS')) return { line: firstSentence(e.message), exitCode: EXIT_USAGE };
  if (e && typeof e.code === 'string' && ERRNO_TEXT[e.code]) {
    const where = e.path ?? (e.address !== undefined ? `${e.address}${e.port !== undefined ? `:${e.port}` : ''}` : undefined);
    const what = e.syscall ? ` (${e.syscall})` : '';
    return { line: `${where ? `${where}: ` : ''}${ERRNO_TEXT[e.code]}${what}`, exitCode: EXIT_FAILURE };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { line: firstLine(message), exitCode: EXIT_FAILURE };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function firstSentence(text: string): string {
  const line = firstLine(text);
  const dot = line.indexOf('. ');
  return dot > 0 ? line.slice(0, dot + 1) : line;
}
