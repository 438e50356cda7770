/** Schemas shared by HTTP bodies and job variables. */
import { z } from 'zod';

/** Human-readable project code that follows a project for life, e.g. LS-2026-0001. */
export const projectCode = z
  .string()
  .regex(/^[A-Z]{2,6}-\d{4}-\d{4,6}$/, 'project code must look like LS-2026-0001');

/** An ISO-8601 instant with an explicit offset or Z, parsed to a Date. */
export const isoInstant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** A rule id of the catalogue in docs/rules/: M11.1, M7.3, T22 … */
export const ruleId = z.string().regex(/^[MT]\d+(\.\d+)?$/, 'rule id must look like M11.1 or T22');
