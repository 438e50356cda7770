/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the same zod schemas the routes
 * validate with (JSON Schema 2020-12, as OpenAPI 3.1 uses), so the document cannot drift from
 * what the API accepts.
 */
import { z } from 'zod';
import { deadlineRuleSchema } from '../calendar';
import { yearParamSchema, yearScheduleSchema } from '../calendar/domain/schedule';
import { idempotencyKeySchema, listQuerySchema, proposalSchema } from '../projects';
import { outboxIdSchema, outboxListQuerySchema } from '../outbox';
import { filingListQuerySchema, filingSchema } from '../office-purchases';
import { changeInputSchema } from '../changes';
import { calendarDate, projectCode } from '../shared/validation';
import {
  lintRequestSchema,
  modelInputSchema,
  resourceParamsSchema,
  saveVersionSchema,
  versionIdSchema,
  workflowPathSchema,
} from '../modeler/domain/schemas';
import { dishonestListingSchema, unitAssignmentSchema, unitRoleSchema } from '../units/domain/units';
import { documentTypeSchema } from '../documents/domain/file-rules';
import {
  completeBodySchema,
  myTasksQuerySchema,
  projectTasksQuerySchema,
  taskIdSchema,
} from '../tasks/domain/schemas';
import { notificationsQuerySchema } from '../notifications/api/routes';

const json = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });

const multipart = (fields: Record<string, z.ZodType>) => ({
  type: 'object',
  required: [...Object.keys(fields), 'file'],
  properties: {
    ...Object.fromEntries(Object.entries(fields).map(([name, s]) => [name, json(s)])),
    file: { type: 'string', contentMediaType: 'application/octet-stream' },
  },
});

const problem = {
  description: 'problem+json (RFC 9457) with a reason a user can act on',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};
const ok = (description: string, schema: object = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
});

export interface Operation {
  summary: string;
  tag: string;
  roles?: string;
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  headers?: Record<string, z.ZodType>;
  body?: z.ZodType;
  /** the text fields of a multipart/form-data body, besides its one binary `file` */
  multipart?: Record<string, z.ZodType>;
  responses: Record<string, object>;
  public?: boolean;
}

const date = calendarDate.describe('a calendar date YYYY-MM-DD');
const month = z.string().describe('a month YYYY-MM');

/** Every operation of the API with the zod schemas of its input (the hostile-request test walks them). */
export const operations: Record<string, Record<string, Operation>> = {
  '/health': {
    get: {
      summary: 'Whether Camunda and the database serve: the overall status only, for load balancers',
      tag: 'operations',
      public: true,
      responses: { 200: ok('both serve (UP or DEGRADED)'), 503: ok('a component is DOWN') },
    },
  },
  '/api/organisations': {
    get: {
      summary:
        'The agencies and departments (districts and counties included) with code and Chinese name, for forms',
      tag: 'organisations',
      responses: {
        200: ok('agencies and departments', {
          type: 'object',
          required: ['agencies', 'departments'],
          properties: {
            agencies: {
              type: 'array',
              items: {
                type: 'object',
                required: ['code', 'name', 'englishName'],
                properties: {
                  code: { type: 'string' },
                  name: { type: 'string' },
                  englishName: { type: 'string' },
                },
              },
            },
            departments: {
              type: 'array',
              items: {
                type: 'object',
                required: ['code', 'name', 'isCounty'],
                properties: {
                  code: { type: 'string' },
                  name: { type: 'string' },
                  isCounty: { type: 'boolean' },
                },
              },
            },
          },
        }),
      },
    },
  },
  '/api/health': {
    get: {
      summary: 'Health with each component and its detail (versions, database)',
      tag: 'operations',
      roles: 'administrator',
      responses: {
        200: ok('both serve (UP or DEGRADED)'),
        403: problem,
        503: ok('a component is DOWN, and why'),
      },
    },
  },
  '/api/calendar/days/{date}': {
    get: {
      summary: 'One day of the working-day calendar, with its source',
      tag: 'calendar',
      params: { date },
      responses: { 200: ok('the day'), 400: problem },
    },
  },
  '/api/calendar/working-days/add': {
    get: {
      summary: 'The N-th working day after a date (counting from the next day)',
      tag: 'calendar',
      query: z.object({ from: date, days: z.number().int().min(0).max(2000) }),
      responses: { 200: ok('due date and the instant it ends'), 400: problem },
    },
  },
  '/api/calendar/years/{year}': {
    get: {
      summary: 'Every day of a year, and whether the year is official',
      tag: 'calendar',
      params: { year: yearParamSchema },
      responses: { 200: ok('the year'), 400: problem },
    },
    put: {
      summary: "Replace a year's schedule (audit-logged); lists open deadlines that move",
      tag: 'calendar',
      roles: 'calendar-admin, administrator',
      params: { year: yearParamSchema },
      body: yearScheduleSchema,
      responses: { 200: ok('the applied change'), 400: problem, 403: problem },
    },
  },
  '/api/calendar/years/{year}/preview': {
    post: {
      summary: "Preview replacing a year's schedule: changed days and open deadlines that would move",
      tag: 'calendar',
      roles: 'calendar-admin, administrator',
      params: { year: yearParamSchema },
      body: yearScheduleSchema,
      responses: { 200: ok('the change, not applied'), 400: problem, 403: problem },
    },
  },
  '/api/calendar/pre-review-sessions/{month}': {
    get: {
      summary: 'The monthly pre-review session date (M7.3)',
      tag: 'calendar',
      params: { month },
      query: z.object({ interpretation: z.enum(['fourth-thursday', 'fourth-week']).optional() }),
      responses: { 200: ok('nominal and actual date'), 400: problem },
    },
  },
  '/api/projects': {
    get: {
      summary: 'Projects the caller may see, filtered, sorted and paged',
      tag: 'projects',
      query: listQuerySchema,
      responses: { 200: ok('a page of projects'), 400: problem },
    },
    post: {
      summary: 'Submit a proposal (M4.7); starts the project lifecycle',
      tag: 'projects',
      roles: 'department-applicant (own department), administrator',
      headers: { 'Idempotency-Key': idempotencyKeySchema },
      body: proposalSchema,
      responses: {
        201: ok('the new project'),
        200: ok('a replay of the same submission'),
        400: problem,
        403: problem,
        409: problem,
      },
    },
  },
  '/api/office-purchases': {
    get: {
      summary:
        'Office purchase filings with the EIB (M10.3) the caller may see, newest first, each with `overdue`: filed late, or still open past its due date (one month after the purchase completed)',
      tag: 'office-purchases',
      query: filingListQuerySchema,
      responses: { 200: ok('a page of filings'), 400: problem },
    },
    post: {
      summary:
        'File an office network renovation, security or office equipment purchase with the EIB (M10.3); starts its filing process, due one month after the purchase completed',
      tag: 'office-purchases',
      roles: 'department-applicant (own department), administrator',
      headers: { 'Idempotency-Key': idempotencyKeySchema },
      body: filingSchema,
      responses: {
        201: ok('the new filing'),
        200: ok('a replay of the same filing'),
        400: problem,
        403: problem,
        409: problem,
        503: problem,
      },
    },
  },
  '/api/projects/{code}': {
    get: {
      summary: 'One project',
      tag: 'projects',
      params: { code: projectCode },
      responses: { 200: ok('the project'), 404: problem },
    },
  },
  '/api/projects/{code}/timeline': {
    get: {
      summary:
        "A project's timeline: audit entries, receipts, deadlines, and `openTasks` (the open user tasks the user may see; null with `openTasksUnavailable` while Tasklist does not answer)",
      tag: 'projects',
      params: { code: projectCode },
      responses: { 200: ok('the timeline'), 404: problem },
    },
  },
  '/api/projects/{code}/reviews': {
    get: {
      summary:
        "A project's technical review rounds (M11.1–M11.5), oldest first: received, outcome, decided, the designer that prepared the materials, and the reviewers' written opinions",
      tag: 'projects',
      params: { code: projectCode },
      responses: { 200: ok('the review rounds'), 404: problem },
    },
  },
  '/api/projects/{code}/changes': {
    get: {
      summary:
        "A project's changes of construction content (M16), oldest first, with the approved estimate, the net and the cumulative absolute adjustment and its ratio",
      tag: 'projects',
      params: { code: projectCode },
      responses: { 200: ok('the changes'), 404: problem },
    },
    post: {
      summary:
        "Request a change of construction content with its signed money adjustment (M16): filed when the cumulative absolute adjustment is at most 15 % of the approved estimate, otherwise submitted for EIB approval in the project's construction process (message change-requested through the outbox), which records the decision (decidedAt, decidedBy, decisionReason); refused when the project would exceed the approved estimate",
      tag: 'projects',
      roles: 'department-applicant (lead department), administrator',
      params: { code: projectCode },
      headers: { 'Idempotency-Key': idempotencyKeySchema },
      body: changeInputSchema,
      responses: {
        201: ok('the recorded change with its route and state'),
        200: ok('a replay of the same change'),
        400: problem,
        403: problem,
        404: problem,
        409: problem,
      },
    },
  },
  '/api/projects/{code}/documents': {
    get: {
      summary: "A project's documents, every version",
      tag: 'documents',
      params: { code: projectCode },
      responses: { 200: ok('the documents'), 404: problem },
    },
    post: {
      summary:
        'Upload a document (multipart: type, file); PDF, OFD, DOCX, XLSX or ZIP; the next version of its type',
      tag: 'documents',
      params: { code: projectCode },
      multipart: { type: documentTypeSchema },
      responses: {
        201: ok('the stored document with its SHA-256'),
        400: problem,
        404: problem,
        413: problem,
      },
    },
  },
  '/api/projects/{code}/documents/{id}': {
    get: {
      summary: 'Download a document',
      tag: 'documents',
      params: { code: projectCode, id: z.string().regex(/^\d{1,18}$/) },
      responses: { 200: { description: 'the file' }, 404: problem },
    },
  },
  '/api/projects/{code}/units/{role}': {
    put: {
      summary:
        "Record a project's designer, contractor or supervisor; a unit on the dishonest list is refused (M22.2)",
      tag: 'units',
      roles: 'owning department applicant, agency-officer, administrator',
      params: { code: projectCode, role: unitRoleSchema },
      body: unitAssignmentSchema,
      responses: { 200: ok('the assignment'), 400: problem, 404: problem, 409: problem },
    },
  },
  '/api/dishonest-entities': {
    get: {
      summary: 'The dishonest-entity list in force today (M22.2, published city-wide)',
      tag: 'units',
      responses: { 200: ok('the entries') },
    },
    post: {
      summary: 'List a third party or expert that broke faith (M22.2)',
      tag: 'units',
      roles: 'agency-officer, administrator',
      body: dishonestListingSchema,
      responses: { 201: ok('the entry'), 400: problem, 403: problem },
    },
  },
  '/api/modeler/catalogue': {
    get: {
      summary:
        "The modeler's catalogue: element templates, worker job types, rule ids, lint profile, whether the user may edit",
      tag: 'modeler',
      responses: { 200: ok('the catalogue') },
    },
  },
  '/api/modeler/workflow-files': {
    get: {
      summary: 'The BPMN, DMN and form files under workflows/',
      tag: 'modeler',
      responses: { 200: ok('the files with their kind and resource id') },
    },
  },
  '/api/modeler/workflow-file': {
    get: {
      summary: 'One file of workflows/',
      tag: 'modeler',
      query: workflowPathSchema,
      responses: { 200: { description: 'the file' }, 404: problem },
    },
  },
  '/api/modeler/models': {
    get: {
      summary: 'Every saved model with its newest version and the version the engine runs',
      tag: 'modeler',
      roles: 'process-owner, administrator, agency-officer',
      responses: { 200: ok('the models'), 403: problem },
    },
  },
  '/api/modeler/models/{kind}/{resourceId}/versions': {
    get: {
      summary: "A model's saved versions, newest first, with author, time, comment and deployments",
      tag: 'modeler',
      roles: 'process-owner, administrator, agency-officer',
      params: resourceParamsSchema.shape,
      responses: { 200: ok('the versions'), 400: problem, 403: problem },
    },
  },
  '/api/modeler/models/{kind}/{resourceId}/deployments': {
    get: {
      summary: "A model's deployments with the engine's version and key",
      tag: 'modeler',
      roles: 'process-owner, administrator, agency-officer',
      params: resourceParamsSchema.shape,
      responses: { 200: ok('the deployments'), 400: problem, 403: problem },
    },
  },
  '/api/modeler/versions/{id}': {
    get: {
      summary: 'One saved version with its content',
      tag: 'modeler',
      roles: 'process-owner, administrator, agency-officer',
      params: { id: versionIdSchema },
      responses: { 200: ok('the version'), 403: problem, 404: problem },
    },
  },
  '/api/modeler/versions': {
    post: {
      summary: 'Save a version (BPMN, DMN or form) with a comment; audited',
      tag: 'modeler',
      roles: 'process-owner, administrator',
      body: saveVersionSchema,
      responses: { 201: ok('the saved version'), 400: problem, 403: problem, 413: problem, 503: problem },
    },
  },
  '/api/modeler/lint': {
    post: {
      summary:
        'Lint BPMN with the rules the modeler and deployment use (off the event loop; bounded in elements and time)',
      tag: 'modeler',
      roles: 'process-owner, administrator',
      body: lintRequestSchema,
      responses: { 200: ok('the findings'), 400: problem, 403: problem, 413: problem, 503: problem },
    },
  },
  '/api/modeler/deployments': {
    post: {
      summary: "Deploy to the cluster: lint errors or the engine's refusal are a 400 and nothing is saved",
      tag: 'modeler',
      roles: 'process-owner, administrator',
      body: modelInputSchema,
      responses: {
        201: ok('the engine version and key'),
        400: problem,
        403: problem,
        413: problem,
        503: problem,
      },
    },
  },
  '/api/projects/{code}/tasks': {
    get: {
      summary:
        "A project's user tasks (Camunda Tasklist) that the user may see: their group, assignee, due date, overdue state (broker clock), rule. Officers and applicants see their groups' tasks; administrators and process owners all",
      tag: 'tasks',
      params: { code: projectCode },
      query: projectTasksQuerySchema,
      responses: { 200: ok('the tasks, oldest first'), 400: problem, 404: problem, 503: problem },
    },
  },
  '/api/tasks': {
    get: {
      summary: "The user's open tasks: those of their groups (agency, department) or assigned to them",
      tag: 'tasks',
      query: myTasksQuerySchema,
      responses: { 200: ok('the tasks, oldest first'), 400: problem, 503: problem },
    },
  },
  '/api/tasks/{id}/claim': {
    post: {
      summary: "Assign an open task of one of the user's groups to the user",
      tag: 'tasks',
      roles: "a member of one of the task's candidate groups",
      params: { id: taskIdSchema },
      responses: {
        200: ok('the task, assigned to the user'),
        400: problem,
        403: problem,
        404: problem,
        409: problem,
        503: problem,
      },
    },
  },
  '/api/tasks/{id}/complete': {
    post: {
      summary:
        "Complete a task of one of the user's groups with the form's variables (assigned to the user first); the project's identifying variables cannot be changed",
      tag: 'tasks',
      roles: "a member of one of the task's candidate groups",
      params: { id: taskIdSchema },
      body: completeBodySchema,
      responses: {
        200: ok('the task, completed'),
        400: problem,
        403: problem,
        404: problem,
        409: problem,
        503: problem,
      },
    },
  },
  '/api/notifications': {
    get: {
      summary:
        "Notifications about user tasks (created, assigned, overdue), newest first: those of the user's groups and tasks; administrators and process owners all",
      tag: 'tasks',
      query: notificationsQuerySchema,
      responses: { 200: ok('the notifications'), 400: problem },
    },
  },
  '/api/admin/outbox': {
    get: {
      summary:
        'Messages to Camunda (lifecycle starts) by status: pending ones with their attempts, last error and next attempt; failed ones that gave up',
      tag: 'operations',
      roles: 'administrator',
      query: outboxListQuerySchema,
      responses: { 200: ok('a page of messages'), 400: problem, 403: problem },
    },
  },
  '/api/admin/outbox/{id}/retry': {
    post: {
      summary: 'Send a pending or failed message at once, with a fresh round of attempts (audited)',
      tag: 'operations',
      roles: 'administrator',
      params: { id: outboxIdSchema },
      responses: { 200: ok('the message, pending'), 400: problem, 403: problem, 404: problem, 409: problem },
    },
  },
};

export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, object>> = {};
  for (const [path, methods] of Object.entries(operations)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(methods)) {
      const parameters = [
        ...Object.entries(op.params ?? {}).map(([name, s]) => ({
          name,
          in: 'path',
          required: true,
          schema: json(s),
        })),
        ...Object.entries(op.query?.shape ?? {}).map(([name, s]) => ({
          name,
          in: 'query',
          required: !(s as z.ZodType).safeParse(undefined).success,
          schema: json(s as z.ZodType),
        })),
        ...Object.entries(op.headers ?? {}).map(([name, s]) => ({
          name,
          in: 'header',
          required: true,
          schema: json(s),
        })),
      ];
      paths[path][method] = {
        summary: op.summary,
        tags: [op.tag],
        ...(op.roles ? { description: `Roles: ${op.roles}.` } : {}),
        ...(op.public ? { security: [] } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(op.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: json(op.body) } } } }
          : {}),
        ...(op.multipart
          ? {
              requestBody: {
                required: true,
                content: { 'multipart/form-data': { schema: multipart(op.multipart) } },
              },
            }
          : {}),
        responses: { ...op.responses, ...(op.public ? {} : { 401: problem, 429: problem }) },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '政务信息化项目审批 API (e-government IT project approvals)',
      version,
      description:
        'Errors are application/problem+json. Every /api route needs HTTP Basic credentials (401 with a challenge without them; 429 with Retry-After after repeated failed sign-ins).',
    },
    servers: [{ url: '/' }],
    security: [{ basic: [] }],
    components: {
      securitySchemes: { basic: { type: 'http', scheme: 'basic' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
        DeadlineRule: json(deadlineRuleSchema),
      },
    },
    paths,
  };
}
