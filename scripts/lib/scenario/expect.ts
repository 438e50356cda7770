/** Evaluates an `expect` step against what was observed of one project: each mismatch in words. */
import type { OpenTask, ScenarioEvent } from './events';
import type { EventMatcher, Expectation, TaskMatcher } from './schema';

export interface ProjectState {
  code: string;
  stage: string;
  status: string;
  planYear: number | null;
  openTasks: OpenTask[];
  activeElements: string[];
  /** the project's events since its scenario started */
  events: ScenarioEvent[];
}

const describeTask = (t: TaskMatcher | OpenTask) =>
  [
    t.element && `element ${t.element}`,
    t.rule && `rule ${t.rule}`,
    'candidateGroups' in t ? `groups ${t.candidateGroups.join('/') || '-'}` : t.group && `group ${t.group}`,
  ]
    .filter(Boolean)
    .join(', ');

const describeEvent = (m: EventMatcher | ScenarioEvent) =>
  [m.event, m.element && `element ${m.element}`, m.rule && `rule ${m.rule}`, m.group && `group ${m.group}`]
    .filter(Boolean)
    .join(' ');

export const taskMatches = (m: TaskMatcher, t: OpenTask) =>
  (m.element === undefined || m.element === t.element) &&
  (m.rule === undefined || m.rule === t.rule) &&
  (m.group === undefined || t.candidateGroups.includes(m.group));

export const eventMatches = (m: EventMatcher, e: ScenarioEvent) =>
  m.event === e.event &&
  (m.element === undefined || m.element === e.element) &&
  (m.rule === undefined || m.rule === e.rule) &&
  (m.group === undefined || m.group === e.group);

export function evaluateExpectation(e: Expectation, s: ProjectState): string[] {
  const problems: string[] = [];
  const seen = (what: string, expected: unknown, actual: unknown) => {
    if (expected !== undefined && expected !== actual)
      problems.push(`${what}: expected ${JSON.stringify(expected)}, saw ${JSON.stringify(actual)}`);
  };
  seen('stage', e.stage, s.stage);
  seen('status', e.status, s.status);
  seen('planYear', e.planYear, s.planYear);
  if (e.waitingAt !== undefined && !s.activeElements.includes(e.waitingAt)) {
    problems.push(
      `waitingAt: expected ${e.waitingAt} to be active, active are: ${s.activeElements.join(', ') || 'none'}`,
    );
  }
  const openList = s.openTasks.map((t) => `[${describeTask(t)}]`).join(' ') || 'none';
  for (const m of e.openTasks ?? []) {
    if (!s.openTasks.some((t) => taskMatches(m, t)))
      problems.push(`openTasks: expected an open task with ${describeTask(m)}, open are: ${openList}`);
  }
  if (e.openTaskCount !== undefined && e.openTaskCount !== s.openTasks.length)
    problems.push(`openTaskCount: expected ${e.openTaskCount}, saw ${s.openTasks.length} (${openList})`);
  const eventList = () => s.events.map((x) => `[${describeEvent(x)}]`).join(' ') || 'none';
  for (const m of e.events ?? []) {
    if (!s.events.some((x) => eventMatches(m, x)))
      problems.push(`events: expected ${describeEvent(m)}, seen: ${eventList()}`);
  }
  for (const m of e.noEvents ?? []) {
    const hit = s.events.find((x) => eventMatches(m, x));
    if (hit) problems.push(`noEvents: expected no ${describeEvent(m)}, saw ${JSON.stringify(hit)}`);
  }
  return problems;
}
