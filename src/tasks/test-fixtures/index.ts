/**
 * The tasks component's test process (not a workflow of the project, so not under workflows/):
 * a CAC security review and an EIB technical review in parallel, Camunda user tasks with a linked
 * form, candidate groups `cac` and `eib`, a due date from the `dueDate` variable, the CAC one
 * naming rule X9.1; and a department's confirmation task (candidate groups `=[departmentCode]`: an expression must give a list).
 * Helpers start instances and wait for Tasklist's importer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { deployResources, type CamundaConnection } from '../../shared/camunda';
import { Role, type AuthUser } from '../../users';

export const TEST_PROCESS_ID = 'tasks-test-review';
export const CAC_TASK = 'cac-security-review';
export const EIB_TASK = 'eib-technical-review';
/** a one-task process whose task belongs to the `departmentCode` variable's group */
export const DEPARTMENT_PROCESS_ID = 'tasks-test-department';
export const DEPARTMENT_TASK = 'department-confirmation';

export function deployTestProcess(camunda: CamundaConnection) {
  return deployResources(
    camunda.zeebe,
    ['tasks-test-review.bpmn', 'tasks-test-department.bpmn', 'tasks-test-review.form'].map((name) => ({
      name,
      content: fs.readFileSync(path.join(__dirname, name)),
    })),
  );
}

/** Starts a review of `projectCode` whose tasks are due `dueInMs` after the broker's now. */
export async function startReview(
  camunda: CamundaConnection & { clock: { now(): Promise<number> } },
  projectCode: string,
  dueInMs = 2 * 86_400_000,
) {
  const dueDate = new Date((await camunda.clock.now()) + dueInMs).toISOString();
  const instance = await camunda.zeebe.createProcessInstance({
    bpmnProcessId: TEST_PROCESS_ID,
    variables: { projectCode, dueDate, departmentCode: 'psb' },
  });
  return { processInstanceKey: instance.processInstanceKey, dueDate };
}

/** Starts a confirmation task for the group `departmentCode` of `projectCode`. */
export async function startDepartmentConfirmation(
  camunda: CamundaConnection,
  projectCode: string,
  departmentCode: string,
) {
  return camunda.zeebe.createProcessInstance({
    bpmnProcessId: DEPARTMENT_PROCESS_ID,
    variables: { projectCode, departmentCode },
  });
}

/** Polls `read` until `done` holds (Tasklist imports from OpenSearch a moment later); the last value. */
export async function until<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined;
    let error: unknown;
    try {
      value = await read();
      if (done(value)) return value;
    } catch (e) {
      error = e; // Tasklist may not have imported the definition yet
    }
    if (Date.now() > deadline) {
      if (value !== undefined) return value;
      throw error instanceof Error ? error : new Error('condition not met in time');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

const user = (username: string, over: Partial<AuthUser>): AuthUser => ({
  username,
  displayName: username,
  roles: [Role.AgencyOfficer],
  departmentCode: null,
  agencyCode: null,
  ...over,
});
export const cacOfficer = user('it-cac-officer', { agencyCode: 'cac' });
export const eibOfficer = user('it-eib-officer', { agencyCode: 'eib' });
export const financeOfficer = user('it-finance-officer', { agencyCode: 'finance' });
export const administrator = user('it-administrator', { roles: [Role.Administrator] });
