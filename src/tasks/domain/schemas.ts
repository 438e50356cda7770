/** Inputs of the tasks routes. */
import { z } from 'zod';
import { projectCode } from '../../shared/validation';
import { PROJECT_CODE_VARIABLE } from './task-access';

/** Process variables a task completion must not change: they identify the project and its department. */
export const PROTECTED_VARIABLES = [PROJECT_CODE_VARIABLE, 'departmentCode'] as const;

export const taskIdSchema = z.string().regex(/^\d{1,32}$/, 'a task id is a number (Tasklist task id)');

const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'variable names are identifiers (letters, digits, _)')
  .refine((n) => !(PROTECTED_VARIABLES as readonly string[]).includes(n), {
    message: `a task may not change ${PROTECTED_VARIABLES.join(' or ')}`,
  });

export const completeBodySchema = z.strictObject({
  variables: z.record(variableName, z.unknown()).default({}),
});

export const myTasksQuerySchema = z.strictObject({
  projectCode: projectCode.optional(),
  elementId: z
    .string()
    .regex(/^[A-Za-z_][\w.-]{0,99}$/, 'an element id of the BPMN')
    .optional(),
});

export const projectTasksQuerySchema = z.strictObject({
  includeFinished: z.enum(['true', 'false']).default('false'),
});
