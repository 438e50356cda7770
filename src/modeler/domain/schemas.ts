/** Bodies and parameters of /api/modeler, as zod schemas (the routes and the OpenAPI document use them). */
import { z } from 'zod';
import { visibleText } from '../../shared/validation';

export const modelKindSchema = z.enum(['bpmn', 'dmn', 'form']);

export const modelInputSchema = z.strictObject({
  fileName: z
    .string()
    .max(200)
    .regex(
      /^[\w.-]+\.(bpmn|dmn|form)$/,
      'a file name of letters, digits, ".", "-" or "_" ending in .bpmn, .dmn or .form',
    ),
  content: z.string().min(1, 'the file is empty'),
  comment: visibleText({ min: 0, max: 500, multiline: true }).default(''),
});

export const saveVersionSchema = modelInputSchema.extend({
  comment: visibleText({ max: 500, multiline: true, message: 'say what changed' }),
});

export const lintRequestSchema = z.strictObject({ content: z.string().min(1, 'the file is empty') });

/** The id the engine knows a model by (process, DMN definitions or form id); the registry holds 100 characters. */
export const resourceIdSchema = z
  .string()
  .regex(
    /^[A-Za-z_][\w.-]{0,99}$/,
    'a process, decision or form id: a letter or _, then at most 99 letters, digits, _, . or -',
  );

/** What a file is, read from its content: checked before anything is saved or deployed. */
export const modelIdentitySchema = z.strictObject({
  kind: modelKindSchema,
  resourceId: resourceIdSchema,
  name: visibleText({ min: 0, max: 200, multiline: true }).nullable(),
});

export const resourceParamsSchema = z.strictObject({
  kind: modelKindSchema,
  resourceId: resourceIdSchema,
});

export const versionIdSchema = z.string().regex(/^\d{1,18}$/, 'a version id is a number');

export const workflowPathSchema = z.strictObject({
  path: z
    .string()
    .max(300)
    .regex(/^[\w./-]+\.(bpmn|dmn|form)$/, 'a path under workflows/'),
});
