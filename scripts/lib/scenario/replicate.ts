/**
 * N copies of a scenario's projects (the lifecycle benchmark, `npm run bench -- lifecycle`): every
 * project `a` becomes `a-1` … `a-N`, each submitted by the department `departmentOf(copy)` gives,
 * and every step on `a` becomes one step that runs it for all copies side by side and settles
 * once. The clock steps stay as they are: the copies live through the same instants.
 */
import type { Scenario, Step } from './schema';

export function replicateScenario(
  scenario: Scenario,
  copies: number,
  departmentOf: (copy: number, body: { departmentCode: string }) => string,
): Scenario {
  if (!Number.isInteger(copies) || copies < 1)
    throw new RangeError(`copies must be a whole number ≥ 1, not ${copies}`);
  const name = (alias: string, copy: number) => `${alias}-${copy}`;
  const projects: Scenario['projects'] = {};
  for (const [alias, body] of Object.entries(scenario.projects)) {
    for (let copy = 1; copy <= copies; copy++)
      projects[name(alias, copy)] = { ...body, departmentCode: departmentOf(copy, body) };
  }
  // the project's own department, as a task's candidate group, becomes the copy's department
  const group = (alias: string, copy: number) => {
    const own = scenario.projects[alias]!.departmentCode;
    const mine = projects[name(alias, copy)]!.departmentCode;
    return <T extends { group?: string }>(m: T): T => (m.group === own ? { ...m, group: mine } : m);
  };
  const forCopy = (step: Step, copy: number): Step => {
    switch (step.kind) {
      case 'submit':
        return { kind: 'submit', project: name(step.project, copy) };
      case 'complete': {
        const alias = step.complete.project!;
        const own = group(alias, copy);
        return { kind: 'complete', complete: own({ ...step.complete, project: name(alias, copy) }) };
      }
      case 'upload':
        return { kind: 'upload', upload: { ...step.upload, project: name(step.upload.project, copy) } };
      case 'change':
        return { kind: 'change', change: { ...step.change, project: name(step.change.project, copy) } };
      case 'expect': {
        const e = step.expect;
        const own = group(e.project, copy);
        return {
          kind: 'expect',
          expect: {
            ...e,
            project: name(e.project, copy),
            ...(e.openTasks ? { openTasks: e.openTasks.map(own) } : {}),
            ...(e.events ? { events: e.events.map(own) } : {}),
            ...(e.noEvents ? { noEvents: e.noEvents.map(own) } : {}),
          },
        };
      }
      default:
        return step;
    }
  };
  const steps = scenario.steps.map((step): Step => {
    if (step.kind === 'advanceTo' || step.kind === 'advanceBy' || step.kind === 'parallel') return step;
    // a task of no project (a session's) is done once for all copies
    if (step.kind === 'complete' && step.complete.project === undefined) return step;
    return { kind: 'parallel', steps: Array.from({ length: copies }, (_, i) => forCopy(step, i + 1)) };
  });
  return { ...scenario, projects, steps };
}
