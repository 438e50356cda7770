/**
 * The authorization matrix as data: who may do what, by role and by the user's relation to the
 * project (lead department, participating department, another department). The README's
 * "Authorization matrix" section is rendered from it (a unit test compares the two) and an
 * integration test checks every cell over HTTP, so the table, the README and the API agree.
 */

/** The columns: a role, and for department applicants their department's relation to the project. */
export const actors = {
  lead: 'lead dept.',
  participant: 'participating dept.',
  other: 'other dept.',
  eib: 'EIB officer',
  agency: 'other agency officer',
  owner: 'process owner',
  calendar: 'calendar admin',
  admin: 'administrator',
} as const;
export type Actor = keyof typeof actors;
export const actorOrder = Object.keys(actors) as Actor[];

/** ✓ allowed; 403 refused; 404 answered exactly as for a project that does not exist. */
export type Outcome = '✓' | '403' | '404';

export interface MatrixRow {
  /** method and path, as in the OpenAPI document */
  operation: string;
  /** what it does, when the path alone does not say */
  what: string;
  outcomes: Record<Actor, Outcome>;
}

/** Outcomes in the order of `actors`, separated by spaces. */
function row(operation: string, what: string, cells: string): MatrixRow {
  const list = cells.trim().split(/\s+/) as Outcome[];
  if (list.length !== actorOrder.length) throw new Error(`${operation}: ${list.length} cells`);
  return {
    operation,
    what,
    outcomes: Object.fromEntries(actorOrder.map((a, i) => [a, list[i]!])) as MatrixRow['outcomes'],
  };
}

/** Cells in the order of `actors`: lead, participant, other, eib, agency, owner, calendar, admin. */
export const authorizationMatrix: readonly MatrixRow[] = [
  row('GET /api/organisations', 'agencies and departments', '✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓'),
  row('GET /api/health', 'health with its detail', '403 403 403 403 403 403 403 ✓'),
  row('GET /api/admin/outbox', 'messages to the engine', '403 403 403 403 403 403 403 ✓'),
  row('POST /api/admin/outbox/{id}/retry', 'retry a message', '403 403 403 403 403 403 403 ✓'),
  row('GET /api/calendar/days/{date}', 'a calendar day', '✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓'),
  row('GET /api/calendar/working-days/add', 'add working days', '✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓'),
  row('GET /api/calendar/years/{year}', "a year's days", '✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓'),
  row('GET /api/calendar/pre-review-sessions/{month}', 'pre-review date', '✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓'),
  row('POST /api/calendar/years/{year}/preview', 'preview a schedule', '403 403 403 403 403 403 ✓ ✓'),
  row('PUT /api/calendar/years/{year}', 'replace a schedule', '403 403 403 403 403 403 ✓ ✓'),
  row('GET /api/projects', 'list (applicants: own and participating)', '✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓'),
  row('POST /api/projects', 'submit for own department', '✓ ✓ ✓ 403 403 403 403 ✓'),
  row('POST /api/projects', 'submit for another department', '403 403 403 403 403 403 403 ✓'),
  row('GET /api/projects/{code}', 'read a project', '✓ ✓ 404 ✓ ✓ ✓ 404 ✓'),
  row('GET /api/projects/{code}/timeline', "a project's timeline", '✓ ✓ 404 ✓ ✓ ✓ 404 ✓'),
  row('GET /api/projects/{code}/tasks', "a project's tasks (of the user's groups)", '✓ ✓ 404 ✓ ✓ ✓ 404 ✓'),
  row('GET /api/projects/{code}/reviews', "a project's technical review rounds", '✓ ✓ 404 ✓ ✓ ✓ 404 ✓'),
  row('GET /api/projects/{code}/changes', "a project's construction changes", '✓ ✓ 404 ✓ ✓ ✓ 404 ✓'),
  row('POST /api/projects/{code}/changes', 'request a construction change', '✓ 403 404 403 403 403 404 ✓'),
  row('GET /api/office-purchases', 'office purchase filings (applicants: own)', '✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓'),
  row('POST /api/office-purchases', 'file a purchase for own department', '✓ ✓ ✓ 403 403 403 403 ✓'),
  row(
    'POST /api/office-purchases',
    'file a purchase for another department',
    '403 403 403 403 403 403 403 ✓',
  ),
  row('GET /api/tasks', "open tasks of the user's groups", '✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓'),
  row(
    'POST /api/tasks/{id}/claim',
    "claim a task of the lead dept.'s group",
    '✓ 403 403 403 403 403 403 403',
  ),
  row(
    'POST /api/tasks/{id}/complete',
    "complete a task of the lead dept.'s group",
    '✓ 403 403 403 403 403 403 403',
  ),
  row('GET /api/notifications', "task notifications (user's groups; all: admin, owner)", '✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓'),
  row('GET /api/projects/{code}/documents', 'list documents', '✓ ✓ 404 ✓ ✓ ✓ 404 ✓'),
  row('GET /api/projects/{code}/documents/{id}', 'download', '✓ ✓ 404 ✓ ✓ ✓ 404 ✓'),
  row('POST /api/projects/{code}/documents', 'upload', '✓ 403 404 ✓ 403 403 404 ✓'),
  row('PUT /api/projects/{code}/units/{role}', 'record a unit', '✓ 403 404 ✓ ✓ 403 404 ✓'),
  row('GET /api/dishonest-entities', 'the list in force', '✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓'),
  row('POST /api/dishonest-entities', 'list an entity', '403 403 403 ✓ ✓ 403 403 ✓'),
  row('GET /api/modeler/catalogue', 'catalogue, may the user edit', '✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓'),
  row('GET /api/modeler/workflow-files', 'files of workflows/', '✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓'),
  row('GET /api/modeler/workflow-file', 'one file of workflows/', '✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓'),
  row('GET /api/modeler/models', 'saved models', '403 403 403 ✓ ✓ ✓ 403 ✓'),
  row('GET /api/modeler/models/{kind}/{resourceId}/deployments', 'deployments', '403 403 403 ✓ ✓ ✓ 403 ✓'),
  row('GET /api/modeler/models/{kind}/{resourceId}/versions', 'saved versions', '403 403 403 ✓ ✓ ✓ 403 ✓'),
  row('GET /api/modeler/versions/{id}', 'one saved version', '403 403 403 ✓ ✓ ✓ 403 ✓'),
  row('POST /api/modeler/versions', 'save a version', '403 403 403 403 403 ✓ 403 ✓'),
  row('POST /api/modeler/lint', 'lint a diagram', '403 403 403 403 403 ✓ 403 ✓'),
  row('POST /api/modeler/deployments', 'deploy', '403 403 403 403 403 ✓ 403 ✓'),
];

/** The matrix as the README's markdown table (columns padded the way prettier formats them). */
export function renderAuthorizationMatrix(): string {
  const header = ['operation', 'what', ...actorOrder.map((a) => actors[a])];
  const body = authorizationMatrix.map((r) => [
    `\`${r.operation}\``,
    r.what,
    ...actorOrder.map((a) => r.outcomes[a]),
  ]);
  const widths = header.map((_, i) => Math.max(3, ...[header, ...body].map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
