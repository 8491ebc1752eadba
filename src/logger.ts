import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured logs on stdout; secrets are redacted wherever they appear in a logged object. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    redact: { paths: ['password', '*.password', 'secret', '*.secret', 'passwd', '*.passwd', 'authorization', '*.authorization'], censor: '***' },
  });
}
