/** Schemas of the change request API (M16); they produce the TypeScript types too. */
import { z } from 'zod';
import { visibleText } from '../../shared/validation';

/** Signed yuan as an exact decimal string ("-120000.00"): money never passes through a float. */
export const adjustmentAmountSchema = z
  .string('adjustmentAmount must be a string of signed yuan such as "-120000.00" (not a JSON number)')
  .regex(
    /^-?\d{1,12}(\.\d{1,2})?$/,
    'adjustmentAmount must be signed yuan with at most 2 decimals, e.g. "-120000.00" or "50000.00"',
  )
  .refine(
    (v) => !/^-?0+(\.0+)?$/.test(v),
    'adjustmentAmount must not be 0: a change adjusts money up or down',
  );

export const changeInputSchema = z.strictObject({
  /** what changes in the construction content, and why */
  description: visibleText({
    min: 4,
    max: 2000,
    multiline: true,
    message: 'description needs at least 4 characters (visible ones)',
  }),
  adjustmentAmount: adjustmentAmountSchema,
});
export type ChangeInput = z.infer<typeof changeInputSchema>;
