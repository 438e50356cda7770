import type { z } from 'zod';
import { AppError } from '../errors';

/** Parses request input with a schema; a mismatch is a 400 that names every wrong field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({ path: i.path.join('.') || what, message: i.message }));
  throw new AppError(
    'bad-request',
    `invalid ${what}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    {
      details: { errors },
    },
  );
}
