/** Schemas of the office purchase filing API (M10.3); they produce the TypeScript types too. */
import { z } from 'zod';
import { calendarDate, visibleText } from '../../shared/validation';
import type { PurchaseKind } from '../data-access/office-purchase-filing.entity';

export const PURCHASE_KINDS = [
  'office-network-renovation',
  'security-equipment',
  'office-equipment',
] as const satisfies readonly PurchaseKind[];

const MAX_AMOUNT_YUAN = 50_000_000_000;

export const departmentCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,31}$/, 'department codes are lowercase letters, digits and -');

/** Yuan as an exact decimal string ("86000.00"): money never passes through a float. */
export const amountYuanSchema = z
  .string('amountYuan must be a string of yuan such as "86000.00" (not a JSON number)')
  .regex(/^\d{1,12}(\.\d{1,2})?$/, 'amountYuan must be yuan ≥ 0 with at most 2 decimals, e.g. "86000.00"')
  .refine((v) => Number(v) > 0, 'amountYuan must be more than 0')
  .refine((v) => Number(v) <= MAX_AMOUNT_YUAN, `amountYuan above ${MAX_AMOUNT_YUAN} yuan is not plausible`);

export const filingSchema = z.strictObject({
  /** the filing department; a department applicant may leave it out (their own) */
  departmentCode: departmentCodeSchema.optional(),
  purchaseKind: z.enum(PURCHASE_KINDS, `purchaseKind must be one of ${PURCHASE_KINDS.join(', ')}`),
  description: visibleText({
    min: 4,
    max: 500,
    multiline: true,
    message: 'description needs at least 4 characters (visible ones)',
  }),
  amountYuan: amountYuanSchema,
  /** the day the purchase completed: the filing month counts from it */
  purchaseCompletedOn: calendarDate,
});
export type FilingInput = z.infer<typeof filingSchema>;

export const filingListQuerySchema = z.strictObject({
  department: departmentCodeSchema.optional(),
  /** only filings filed late or still open past their due instant (or only the others) */
  overdue: z.enum(['true', 'false'], 'overdue must be true or false').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, 'pageSize must be ≤ 100').default(20),
});
export type FilingListQuery = z.infer<typeof filingListQuerySchema>;
