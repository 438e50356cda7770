/** Schemas of the project API; they produce the TypeScript types of the bodies too. */
import { z } from 'zod';
import { projectCode, ruleId, visibleText } from '../../shared/validation';

const MAX_BUDGET_YUAN = 50_000_000_000;

/** Yuan as an exact decimal string ("3850000.00"): money never passes through a float. */
export const budgetSchema = z
  .string('budgetEstimate must be a string of yuan such as "3850000.00" (not a JSON number)')
  .regex(
    /^\d{1,12}(\.\d{1,2})?$/,
    'budgetEstimate must be yuan ≥ 0 with at most 2 decimals, e.g. "3850000.00"',
  )
  .refine((v) => Number(v) > 0, 'budgetEstimate must be more than 0')
  .refine(
    (v) => Number(v) <= MAX_BUDGET_YUAN,
    `budgetEstimate above ${MAX_BUDGET_YUAN} yuan is not plausible`,
  );

const departmentCode = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,31}$/, 'department codes are lowercase letters, digits and -');

export const proposalSchema = z.strictObject({
  title: visibleText({ min: 4, max: 200, message: 'title needs at least 4 characters (visible ones)' }),
  /** the owning department; a department applicant may leave it out (their own) */
  departmentCode: departmentCode.optional(),
  /** M9: other departments in a cross-department project */
  participatingDepartments: z.array(departmentCode).max(20).default([]),
  budgetEstimate: budgetSchema,
  category: z.enum(['network', 'resource', 'application-system']),
  urgent: z.boolean().default(false),
  county: z.boolean().default(false),
  /** M31: classified systems are out of scope of this platform */
  classified: z.boolean().default(false),
  inDevelopmentPlan: z.boolean().default(false),
  requestsMachineRoom: z.boolean().default(false),
  singleScope: z.boolean().default(false),
  simpleTechnology: z.boolean().default(false),
  /** T26/T27: the earlier project this one upgrades; it must have passed final acceptance */
  upgradeOf: projectCode.optional(),
  /** 适用办法: M (the current measures) or T (the 2020 measures, for projects still reviewed under them) */
  ruleSet: z
    .enum(['M', 'T'], 'ruleSet must be M (current measures) or T (2020 measures)')
    .default('M')
    .describe('适用办法：M 现行办法（默认），T 2020年版办法（拉经信发〔2020〕30号）'),
  /** M7.5: why a department's third (or later) project this year should be accepted */
  quotaOverrideReason: visibleText({
    min: 10,
    max: 500,
    multiline: true,
    message: 'quotaOverrideReason needs at least 10 characters (visible ones)',
  }).optional(),
});
export type Proposal = z.infer<typeof proposalSchema>;

export const SORTS = [
  'createdAt',
  '-createdAt',
  'code',
  '-code',
  'budgetEstimate',
  '-budgetEstimate',
] as const;

export const listQuerySchema = z.strictObject({
  stage: z
    .string()
    .regex(/^[a-z-]{1,32}$/, 'stage is a lowercase name')
    .optional(),
  department: departmentCode.optional(),
  planYear: z.coerce.number().int().min(2000).max(2100).optional(),
  /** only projects with a missed deadline, or an open one already past due */
  overdue: z.enum(['true', 'false'], 'overdue must be true or false').optional(),
  /** only projects with a deadline or a breach under this rule id (e.g. M11.1) */
  rule: ruleId.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, 'pageSize must be ≤ 100').default(20),
  sort: z.enum(SORTS, `sort must be one of ${SORTS.join(', ')}`).default('-createdAt'),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const idempotencyKeySchema = z
  .string('an Idempotency-Key header is required, e.g. a UUID per submission')
  .regex(/^[A-Za-z0-9_-]{8,100}$/, 'Idempotency-Key must be 8–100 letters, digits, _ or -');
