/**
 * The scenario file format (README, "Scenarios"): a start instant, proposals by alias and the
 * steps to run. Parsing checks each field and the references between steps (a step may only act
 * on a project submitted before it; the clock only moves forward) before any stack starts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { changeInputSchema } from '../../../src/changes';
import { documentTypeSchema } from '../../../src/documents';
import { proposalSchema } from '../../../src/projects';
import { isoInstant } from '../../../src/shared/validation';

/** What the runner prints for each observed event (`event` of an output line). */
export const EVENT_KINDS = [
  'submitted',
  'task-created',
  'task-completed',
  'timer-fired',
  'deadline-breached',
  'message-correlated',
  'stage-changed',
  'process-completed',
  'incident',
  'refused',
  'document-uploaded',
  'change-requested',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

const alias = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, 'an alias is a letter then up to 31 letters, digits, _ or -');
const elementId = z.string().regex(/^[A-Za-z_][\w.-]{0,99}$/, 'a BPMN element id, e.g. await-pre-review');
const group = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'a candidate group, e.g. eib or psb');
const ruleRef = z.string().regex(/^[MT]\d+(\.\d+)?$/, 'a rule id, e.g. M7.3');

/** P1W, P5D, PT2H, P1DT12H30M, PT90S: weeks, days, hours, minutes, seconds (months and years vary in length). */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
export function durationMs(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const [w, d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number];
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
}
const duration = z
  .string()
  .refine(
    (s) => durationMs(s) !== undefined && durationMs(s)! > 0,
    'an ISO-8601 duration of weeks, days, hours, minutes or seconds, e.g. P5D or PT2H (use advanceTo for months)',
  );

const instant = z.string().pipe(isoInstant);

const taskMatcher = z
  .strictObject({ element: elementId.optional(), rule: ruleRef.optional(), group: group.optional() })
  .refine((m) => m.element || m.rule || m.group, 'name at least one of element, rule, group');
const eventMatcher = z.strictObject({
  event: z.enum(EVENT_KINDS),
  element: elementId.optional(),
  rule: ruleRef.optional(),
  group: group.optional(),
});

export const expectSchema = z
  .strictObject({
    project: alias,
    /** the registry's stage, e.g. awaiting-pre-review */
    stage: z.string().optional(),
    /** the registry's status, e.g. in-process */
    status: z.string().optional(),
    /** the registry's plan year (null: none yet) */
    planYear: z.number().int().nullable().optional(),
    /** an element of the project's process instances is active (waiting) now */
    waitingAt: elementId.optional(),
    /** each matcher finds an open user task of the project */
    openTasks: z.array(taskMatcher).optional(),
    /** exactly this many open user tasks */
    openTaskCount: z.number().int().min(0).optional(),
    /** each matcher finds an event of the project seen since the scenario started */
    events: z.array(eventMatcher).optional(),
    /** no event of the project seen since the scenario started matches any of these */
    noEvents: z.array(eventMatcher).optional(),
  })
  .refine(
    (e) => Object.keys(e).some((k) => k !== 'project'),
    'an expect needs at least one of stage, status, planYear, waitingAt, openTasks, openTaskCount, events, noEvents',
  );
export type Expectation = z.infer<typeof expectSchema>;
export type TaskMatcher = z.infer<typeof taskMatcher>;
export type EventMatcher = z.infer<typeof eventMatcher>;

const completeSchema = z
  .strictObject({
    /** left out: a task of no project, e.g. the annual plan's joint review (会签) of a whole session */
    project: alias.optional(),
    rule: ruleRef.optional(),
    element: elementId.optional(),
    group,
    variables: z.record(z.string(), z.unknown()).default({}),
  })
  .refine((c) => (c.rule === undefined) !== (c.element === undefined), {
    message: 'name the task by exactly one of rule or element',
    path: ['element'],
  })
  .refine((c) => c.project !== undefined || c.element !== undefined, {
    message: "a task of no project (a session's) is named by its element",
    path: ['element'],
  });

/** A document uploaded to the project's document store as its department's user. */
const uploadSchema = z.strictObject({
  project: alias,
  /** the document type, e.g. feasibility-study */
  kind: documentTypeSchema,
  /** the file, relative to the scenario file */
  file: z.string().min(1).max(300),
});

/** A change of construction content (M16) requested through the API as its department's user. */
const changeSchema = z.strictObject({ project: alias, ...changeInputSchema.shape });

/** Each step has exactly one key, which says what it does. */
const stepSchemas = {
  submit: alias,
  advanceTo: instant,
  advanceBy: duration,
  complete: completeSchema,
  upload: uploadSchema,
  change: changeSchema,
  expect: expectSchema,
} as const;
export type StepKind = keyof typeof stepSchemas;

export type Step =
  | { kind: 'submit'; project: string }
  | { kind: 'advanceTo'; at: Date }
  | { kind: 'advanceBy'; ms: number; text: string }
  | { kind: 'complete'; complete: z.infer<typeof completeSchema> }
  /** `file` resolved against the scenario file's folder */
  | { kind: 'upload'; upload: z.infer<typeof uploadSchema> }
  | { kind: 'change'; change: z.infer<typeof changeSchema> }
  /** not in files: steps of copies of one project, run side by side and settled once (replicate.ts) */
  | { kind: 'parallel'; steps: Step[] }
  | { kind: 'expect'; expect: Expectation };

const fileSchema = z.strictObject({
  /** where the broker's clock is placed before the first step */
  start: instant,
  /** proposals by alias, each a body as POST /api/projects takes it (with its departmentCode) */
  projects: z.record(alias, z.unknown()),
  steps: z.array(z.unknown()).min(1, 'a scenario needs at least one step'),
});

export interface Scenario {
  file: string;
  start: Date;
  /** the bodies as written (the API validates and applies defaults itself) */
  projects: Record<string, Record<string, unknown> & { departmentCode: string }>;
  steps: Step[];
  /** the clock after the last step */
  end: Date;
}

export class ScenarioError extends Error {}

/** `steps[2].complete.group` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** Parses one scenario's JSON value; every problem is named by file and JSON path. */
export function parseScenario(file: string, json: unknown): Scenario {
  const problems: string[] = [];
  const issue = (path: readonly PropertyKey[], message: string) =>
    problems.push(`${file}: ${formatPath(path) || '(top level)'}: ${message}`);
  const top = fileSchema.safeParse(json);
  if (!top.success) {
    for (const i of top.error.issues) issue(i.path, i.message);
    throw new ScenarioError(problems.join('\n'));
  }
  const { start, projects, steps: rawSteps } = top.data;
  for (const [name, body] of Object.entries(projects)) {
    const r = proposalSchema.safeParse(body);
    if (!r.success) for (const i of r.error.issues) issue(['projects', name, ...i.path], i.message);
    else if (!r.data.departmentCode)
      issue(
        ['projects', name, 'departmentCode'],
        'required: the proposal is submitted by a user of this department',
      );
  }
  const steps: Step[] = [];
  const submitted = new Set<string>();
  let clock = start.getTime();
  rawSteps.forEach((raw, index) => {
    const at = (...rest: PropertyKey[]) => ['steps', index, ...rest];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      issue(at(), `a step is an object with one of ${Object.keys(stepSchemas).join(', ')}`);
      return;
    }
    const keys = Object.keys(raw);
    const kind = keys[0] as StepKind;
    if (keys.length !== 1 || !(kind in stepSchemas)) {
      issue(
        at(),
        `a step has exactly one key of ${Object.keys(stepSchemas).join(', ')}; found ${keys.join(', ') || 'none'}`,
      );
      return;
    }
    const r = stepSchemas[kind].safeParse((raw as Record<string, unknown>)[kind]);
    if (!r.success) {
      for (const i of r.error.issues) issue(at(kind, ...i.path), i.message);
      return;
    }
    const known = (name: string, ...path: PropertyKey[]) => {
      if (!(name in projects)) {
        issue(at(...path), `no project "${name}" in projects (known: ${Object.keys(projects).join(', ')})`);
        return false;
      }
      if (kind !== 'submit' && !submitted.has(name)) {
        issue(at(...path), `project "${name}" is not submitted before this step`);
        return false;
      }
      return true;
    };
    switch (kind) {
      case 'submit': {
        const name = r.data as string;
        if (!known(name, kind)) return;
        if (submitted.has(name)) return issue(at(kind), `project "${name}" is already submitted`);
        submitted.add(name);
        steps.push({ kind, project: name });
        return;
      }
      case 'advanceTo': {
        const to = r.data as Date;
        if (to.getTime() < clock)
          return issue(
            at(kind),
            `${to.toISOString()} is before the clock at this step (${new Date(clock).toISOString()}); the clock only moves forward`,
          );
        clock = to.getTime();
        steps.push({ kind, at: to });
        return;
      }
      case 'advanceBy': {
        const ms = durationMs(r.data as string)!;
        clock += ms;
        steps.push({ kind, ms, text: r.data as string });
        return;
      }
      case 'complete': {
        const c = r.data as z.infer<typeof completeSchema>;
        if (c.project !== undefined && !known(c.project, kind, 'project')) return;
        steps.push({ kind, complete: c });
        return;
      }
      case 'upload': {
        const u = r.data as z.infer<typeof uploadSchema>;
        if (!known(u.project, kind, 'project')) return;
        const resolved = path.resolve(path.dirname(file), u.file);
        if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile())
          return issue(at(kind, 'file'), `no file ${u.file} next to the scenario (${resolved})`);
        steps.push({ kind, upload: { ...u, file: resolved } });
        return;
      }
      case 'change': {
        const c = r.data as z.infer<typeof changeSchema>;
        if (!known(c.project, kind, 'project')) return;
        steps.push({ kind, change: c });
        return;
      }
      case 'expect': {
        const e = r.data as Expectation;
        if (!known(e.project, kind, 'project')) return;
        steps.push({ kind, expect: e });
        return;
      }
    }
  });
  if (problems.length > 0) throw new ScenarioError(problems.join('\n'));
  return {
    file,
    start,
    projects: projects as Scenario['projects'],
    steps,
    end: new Date(clock),
  };
}

/**
 * Orders scenarios by start instant and checks that each starts no earlier than the previous one
 * ends (they share one broker, whose clock only moves forward).
 */
export function orderScenarios(scenarios: Scenario[]): Scenario[] {
  const ordered = [...scenarios].sort((a, b) => a.start.getTime() - b.start.getTime());
  for (let i = 1; i < ordered.length; i++) {
    const prev = ordered[i - 1]!;
    const next = ordered[i]!;
    if (next.start < prev.end) {
      throw new ScenarioError(
        `${next.file}: start: ${next.start.toISOString()} is before ${prev.file} ends (${prev.end.toISOString()}); scenarios share one clock, which only moves forward`,
      );
    }
  }
  return ordered;
}
