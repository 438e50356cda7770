/** Bodies and parameters of /api/modeler, as zod schemas (the routes and the OpenAPI document use them). */
import { z } from 'zod';

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
  comment: z.string().trim().max(500).default(''),
});

export const saveVersionSchema = modelInputSchema.extend({
  comment: z.string().trim().min(1, 'say what changed').max(500),
});

export const lintRequestSchema = z.strictObject({ content: z.string().min(1, 'the file is empty') });

export const resourceParamsSchema = z.strictObject({
  kind: modelKindSchema,
  resourceId: z.string().regex(/^[A-Za-z_][\w.-]{0,99}$/, 'a process, decision or form id'),
});

export const versionIdSchema = z.string().regex(/^\d{1,18}$/, 'a version id is a number');

export const workflowPathSchema = z.strictObject({
  path: z
    .string()
    .max(300)
    .regex(/^[\w./-]+\.(bpmn|dmn|form)$/, 'a path under workflows/'),
});
