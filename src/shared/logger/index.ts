/** Structured JSON logs (pino); `LOG_PRETTY=true` prints them for humans. */
import pino, { type Logger } from 'pino';
import { config } from '../config';

let root: Logger | undefined;

export function logger(): Logger {
  if (!root) {
    const c = config();
    root = pino({
      level: c.LOG_LEVEL,
      base: { service: process.env.SERVICE_NAME ?? 'egov-approvals' },
      timestamp: pino.stdTimeFunctions.isoTime,
      ...(c.LOG_PRETTY
        ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } } }
        : {}),
    });
  }
  return root;
}

export type { Logger };
