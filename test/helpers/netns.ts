import { spawnSync } from 'node:child_process';

/**
 * Null when `unshare -n` works here (root, or a kernel that allows user namespaces), else why not.
 * Multicast is only ever tested inside such a private network namespace.
 */
export function netnsUnavailable(): string | null {
  const probe = spawnSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error) return `cannot run 'unshare -n ip …': ${probe.error.message}`;
  if (probe.status !== 0) return `'unshare -n' is not permitted here: ${probe.stderr.trim()}`;
  return null;
}
