/**
 * Runs parsed scenarios against a running system (the harness): moves the broker's clock,
 * submits proposals through the API as the department's user, completes user tasks through the
 * tasks component as a user of the candidate group, and prints what happened — one JSON line per
 * event, read from the broker's exported records and the registry's audit trail — then a summary
 * line per scenario. After every step it waits until the system is quiet: no new records for a
 * while, no job waiting for a worker that runs here, no timer due by the broker's time and not yet
 * fired, no proposal waiting in the outbox or for its lifecycle's first records, no record
 * processed by the broker and not yet readable, none its exporter holds.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { agencies } from '../../../db/seeds/organisations';
import { dispatchOutbox, type OutboxSettings } from '../../../src/outbox';
import { LIFECYCLE_OUTBOX_KIND } from '../../../src/projects';
import { ProjectEntity } from '../../../src/projects/data-access/project.entities';
import { ProcessId } from '../../../src/shared/bpmn';
import type { BrokerClock, Zeebe } from '../../../src/shared/camunda';
import { ensureUser, Role, type AuthUser } from '../../../src/users';
import { RecordTracker, type ElementLookup, type ScenarioEvent } from './events';
import { evaluateExpectation, type ProjectState } from './expect';
import type { RecordReader } from './records';
import type { Expectation, Scenario, Step } from './schema';
import { SharedTaskSearch, type ScenarioTasks } from './task-search';

export type { ScenarioTasks } from './task-search';

/**
 * fetch, again after the Retry-After a 429 names (at most 10 times): the API throttles sign-ins
 * being verified from one address, and the benchmark's copies sign in side by side, as the staff
 * of many departments behind one address would.
 */
async function callApi(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, init);
    if (res.status !== 429 || attempt >= 10) return res;
    await res.body?.cancel();
    const seconds = Number(res.headers.get('retry-after')) || 1;
    await new Promise((r) => setTimeout(r, seconds * 1000));
  }
}

/**
 * Copies of one step act at most this many at a time: Tasklist 8.6 answered 100 task searches sent
 * at once too slowly (the lifecycle benchmark at N = 100 timed out at its first task step).
 */
const PARALLEL_ACTIONS = 8;

/** `act` for every item, at most `limit` at a time; the results in the items' order. */
async function mapBounded<T, R>(items: T[], limit: number, act: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await act(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * The broker's controlled clock as the runner and the in-process workers and API see it: moved
 * forward with `add` (never pinned: a frozen clock stops job timeouts, retry back-off and message
 * TTLs), mirrored locally so `now()` needs no request.
 */
export class ScenarioClock {
  private offset = 0;
  constructor(private readonly broker: BrokerClock) {}
  async sync(): Promise<number> {
    const b = await this.broker.now();
    this.offset = b - Date.now();
    return b;
  }
  now = (): Date => new Date(Date.now() + this.offset);
  /** Moves the clock forward to `ms`; a no-op when it is already there or later. */
  async moveTo(ms: number): Promise<void> {
    const b = await this.broker.now();
    if (ms > b) this.offset = (await this.broker.add(ms - b)) - Date.now();
    else this.offset = b - Date.now();
  }
}

export interface Harness {
  dataSource: DataSource;
  zeebe: Zeebe;
  clock: ScenarioClock;
  /** base URL of the API, e.g. http://127.0.0.1:41234 */
  apiUrl: string;
  tasks: ScenarioTasks;
  records: RecordReader;
  lookup: ElementLookup;
  /** job types whose workers run: a job of one of these means the system is still busy */
  workerTypes: ReadonlySet<string>;
  outbox: OutboxSettings;
  /** starts the session schedulers, once: called when the clock is at the first scenario's start */
  startSessions(): Promise<void>;
}

export interface RunOptions {
  /** one output line (an event, a failure, a summary) */
  out: (line: object) => void;
  /** progress and failures for people (stderr) */
  log: (text: string) => void;
  /** quiet this long after the last record counts as settled (default 3 s) */
  quietMs?: number;
  /** settling gives up (and says so) after this long (a busy 2-core machine needs minutes) */
  settleMaxMs?: number;
  /** how long a task may take to appear in the tasks component */
  taskWaitMs?: number;
}

export interface Failure {
  file: string;
  step: number;
  kind: Step['kind'] | 'start';
  problems: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const agencyCodes = new Set<string>(agencies.map((a) => a.code));

/** A user of a candidate group: an officer of an agency, or an applicant of a department. */
export function userOfGroup(group: string): AuthUser {
  const agency = agencyCodes.has(group);
  return {
    username: `scenario-${group}`,
    displayName: `scenario ${group}`,
    roles: [agency ? Role.AgencyOfficer : Role.DepartmentApplicant],
    departmentCode: agency ? null : group,
    agencyCode: agency ? group : null,
  };
}

/** Key order of an output line, as documented. */
const eventLine = (e: ScenarioEvent) => ({
  at: e.at,
  project: e.project,
  code: e.code,
  event: e.event,
  element: e.element,
  rule: e.rule,
  group: e.group,
  due: e.due,
  detail: e.detail,
});

export async function runScenarios(h: Harness, scenarios: Scenario[], opts: RunOptions): Promise<Failure[]> {
  const failures: Failure[] = [];
  let aliasOf = new Map<string, string>();
  // the session schedulers run from deployment on; their timers open the scenario's sessions
  const tracker = new RecordTracker(
    h.lookup,
    (code) => aliasOf.get(code) ?? null,
    new Set([ProcessId.SessionScheduler]),
  );
  await h.records.skipExisting();
  for (const [index, scenario] of scenarios.entries()) {
    aliasOf = new Map();
    const now = await h.clock.sync();
    if (index === 0 && scenario.start.getTime() < now) {
      const f: Failure = {
        file: scenario.file,
        step: -1,
        kind: 'start',
        problems: [
          `start ${scenario.start.toISOString()} is before the broker's clock (${new Date(now).toISOString()}); the clock only moves forward: choose a later start`,
        ],
      };
      failures.push(f);
      opts.out({ failure: f });
      opts.log(`${scenario.file}: ${f.problems[0]}`);
      continue;
    }
    await h.clock.moveTo(scenario.start.getTime());
    // started on the scenario's clock, the schedulers wait for the next session instead of
    // opening every session since the present one by one
    await h.startSessions();
    failures.push(...(await new ScenarioRun(h, scenario, tracker, aliasOf, opts).run()));
  }
  return failures;
}

class ScenarioRun {
  private readonly codeOf = new Map<string, string>();
  private readonly refusedAtSubmit = new Map<string, string>();
  private readonly lastStage = new Map<string, string>();
  private readonly events: ScenarioEvent[] = [];
  private auditCursor = '0';

  constructor(
    private readonly h: Harness,
    private readonly scenario: Scenario,
    private readonly tracker: RecordTracker,
    private readonly aliasOf: Map<string, string>,
    private readonly opts: RunOptions,
  ) {}

  async run(): Promise<Failure[]> {
    const [row] = (await this.h.dataSource.query('SELECT COALESCE(MAX(id), 0) AS id FROM audit_log')) as {
      id: string | number;
    }[];
    this.auditCursor = String(row?.id ?? 0);
    // what the move to the start set off (timers due by then, e.g. sessions a scheduler opens
    // late) runs before the first step, so a proposal is not caught in a session of a past month
    await this.settle();
    const failures: Failure[] = [];
    for (const [i, step] of this.scenario.steps.entries()) {
      this.opts.log(`${this.scenario.file} steps[${i}] ${step.kind}`);
      let problems: string[];
      try {
        problems = await this.runStep(step);
      } catch (e) {
        problems = [(e as Error).message];
      }
      if (problems.length > 0) {
        const f: Failure = { file: this.scenario.file, step: i, kind: step.kind, problems };
        failures.push(f);
        this.opts.out({ failure: f });
        this.opts.log(`FAILED ${this.scenario.file} steps[${i}] (${step.kind}):\n  ${problems.join('\n  ')}`);
        break;
      }
    }
    this.emit(this.ours(this.tracker.ingest(await this.h.records.fetchNew(), true)));
    this.opts.out({ summary: await this.summary(), scenario: this.scenario.file });
    return failures;
  }

  private async runStep(step: Step): Promise<string[]> {
    switch (step.kind) {
      case 'advanceTo':
        await this.h.clock.moveTo(step.at.getTime());
        await this.settle();
        return [];
      case 'advanceBy':
        await this.h.clock.moveTo(this.h.clock.now().getTime() + step.ms);
        await this.settle();
        return [];
      case 'expect':
        return this.check([step.expect]);
      case 'parallel': {
        // copies of one step act side by side (PARALLEL_ACTIONS at a time), then the system settles once for all of them
        const actions = step.steps.filter((s) => s.kind !== 'expect');
        const search = new SharedTaskSearch(this.h.tasks);
        const problems = (await mapBounded(actions, PARALLEL_ACTIONS, (s) => this.act(s, search))).flat();
        if (problems.length > 0) return problems;
        if (actions.length > 0) await this.settle();
        return this.check(step.steps.flatMap((s) => (s.kind === 'expect' ? [s.expect] : [])));
      }
      default: {
        const problems = await this.act(step);
        if (problems.length === 0) await this.settle();
        return problems;
      }
    }
  }

  /** What a step does through the API or the tasks component, before the system settles. */
  private async act(step: Step, search?: SharedTaskSearch): Promise<string[]> {
    switch (step.kind) {
      case 'submit':
        await this.submit(step.project);
        return [];
      case 'complete':
        return this.complete(step.complete, search);
      case 'upload':
        return this.upload(step.upload);
      case 'change':
        return this.change(step.change);
      default:
        throw new Error(`a ${step.kind} step does not act on a project`);
    }
  }

  private async check(expects: Expectation[]): Promise<string[]> {
    if (expects.length === 0) return [];
    await this.settle(500);
    const problems: string[] = [];
    for (const e of expects) {
      const code = this.codeOf.get(e.project);
      if (!code) problems.push(this.notSubmitted(e.project));
      else problems.push(...evaluateExpectation(e, await this.state(code)));
    }
    return problems;
  }

  private notSubmitted(alias: string): string {
    const refusal = this.refusedAtSubmit.get(alias);
    return refusal
      ? `project "${alias}" was refused at submission: ${refusal}`
      : `project "${alias}" has no project code`;
  }

  /** The Authorization header of the department's user (created on first use). */
  private async authorizationOf(dept: string): Promise<string> {
    const password = `scenario-${dept}-local-only`;
    const user = userOfGroup(dept);
    await ensureUser(this.h.dataSource, { ...user, password });
    return `Basic ${Buffer.from(`${user.username}:${password}`).toString('base64')}`;
  }

  private async submit(alias: string): Promise<void> {
    const body = this.scenario.projects[alias]!;
    const dept = body.departmentCode;
    const res = await callApi(`${this.h.apiUrl}/api/projects`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: await this.authorizationOf(dept),
        'idempotency-key': `scenario-${crypto.randomUUID()}`,
      },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as { code?: string; stage?: string; message?: string; error?: string };
    const at = this.h.clock.now().toISOString();
    if (res.status !== 201 || !answer.code) {
      const reason = answer.message ?? answer.error ?? JSON.stringify(answer);
      this.refusedAtSubmit.set(alias, `HTTP ${res.status}: ${reason}`);
      this.emit([
        {
          at,
          project: alias,
          code: null,
          event: 'refused',
          element: null,
          rule: null,
          group: dept,
          due: null,
          detail: { by: 'api', status: res.status, reason },
        },
      ]);
      return;
    }
    this.codeOf.set(alias, answer.code);
    this.aliasOf.set(answer.code, alias);
    this.lastStage.set(answer.code, answer.stage ?? 'proposal');
    this.emit([
      {
        at,
        project: alias,
        code: answer.code,
        event: 'submitted',
        element: null,
        rule: null,
        group: dept,
        due: null,
        detail: { title: body.title, stage: answer.stage ?? null },
      },
    ]);
  }

  private async change({
    project: alias,
    ...input
  }: Extract<Step, { kind: 'change' }>['change']): Promise<string[]> {
    const code = this.codeOf.get(alias);
    if (!code) return [this.notSubmitted(alias)];
    const dept = this.scenario.projects[alias]!.departmentCode;
    const res = await callApi(`${this.h.apiUrl}/api/projects/${code}/changes`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: await this.authorizationOf(dept),
        'idempotency-key': `scenario-${crypto.randomUUID()}`,
      },
      body: JSON.stringify(input),
    });
    const answer = (await res.json()) as { route?: string; state?: string; detail?: string };
    if (res.status !== 201)
      return [
        `change: ${input.adjustmentAmount} for ${alias} (${code}): HTTP ${res.status} ${answer.detail ?? ''}`,
      ];
    this.emit([
      {
        at: this.h.clock.now().toISOString(),
        project: alias,
        code,
        event: 'change-requested',
        element: null,
        rule: 'M16',
        group: dept,
        due: null,
        detail: {
          adjustmentAmount: input.adjustmentAmount,
          route: answer.route ?? null,
          state: answer.state ?? null,
        },
      },
    ]);
    return [];
  }

  private async upload(u: Extract<Step, { kind: 'upload' }>['upload']): Promise<string[]> {
    const code = this.codeOf.get(u.project);
    if (!code) return [this.notSubmitted(u.project)];
    const dept = this.scenario.projects[u.project]!.departmentCode;
    const form = new FormData();
    form.set('type', u.kind);
    form.set('file', new Blob([fs.readFileSync(u.file)]), path.basename(u.file));
    const res = await callApi(`${this.h.apiUrl}/api/projects/${code}/documents`, {
      method: 'POST',
      headers: { authorization: await this.authorizationOf(dept) },
      body: form,
    });
    const answer = (await res.json()) as { version?: number; detail?: string };
    if (res.status !== 201)
      return [
        `upload: ${path.basename(u.file)} as ${u.kind} for ${u.project} (${code}): HTTP ${res.status} ${answer.detail ?? ''}`,
      ];
    this.emit([
      {
        at: this.h.clock.now().toISOString(),
        project: u.project,
        code,
        event: 'document-uploaded',
        element: null,
        rule: null,
        group: dept,
        due: null,
        detail: { kind: u.kind, file: path.basename(u.file), version: answer.version ?? null },
      },
    ]);
    return [];
  }

  /** `search`: the parallel step's shared search (a project's task is then picked from its answer) */
  private async complete(
    c: Extract<Step, { kind: 'complete' }>['complete'],
    search?: SharedTaskSearch,
  ): Promise<string[]> {
    // a session's task (no project named) is found among all open tasks by its element: a task of
    // a whole session may still see the code of the last project it handled
    const code = c.project === undefined ? null : this.codeOf.get(c.project);
    if (code === undefined) return [this.notSubmitted(c.project!)];
    const what = c.element ? `element ${c.element}` : `rule ${c.rule}`;
    const whose = c.project === undefined ? 'the session' : `${c.project} (${code})`;
    const open = this.tracker.openTasks(code ?? undefined);
    const matching = open.filter(
      (t) => (c.element ? t.element === c.element : t.rule === c.rule) && t.candidateGroups.includes(c.group),
    );
    const target = matching[0];
    if (!target) {
      const list = open.map(
        (t) => `[${t.element} rule ${t.rule ?? '-'} groups ${t.candidateGroups.join('/')}]`,
      );
      return [
        `complete: expected an open task of ${whose} with ${what} for group ${c.group}; open: ${list.join(' ') || 'none'}`,
      ];
    }
    const user = userOfGroup(c.group);
    const deadline = Date.now() + (this.opts.taskWaitMs ?? 60_000);
    for (;;) {
      const tasks =
        search && code !== null
          ? (await search.find(user, target.element)).filter((t) => t.projectCode === code)
          : await this.h.tasks.listForUser(user, {
              ...(code === null ? {} : { projectCode: code }),
              elementId: target.element,
            });
      const created = tasks.filter((t) => t.state === 'CREATED' && t.elementId === target.element);
      // a session's step completes every open one: on a shared cluster (the test stack) another
      // session may wait at the same step, and the scenario's own cannot be told from it here
      const wanted = code === null ? matching.length : 1;
      if (created.length >= wanted) {
        for (const task of code === null ? created : created.slice(0, 1))
          await this.h.tasks.complete(task.id, c.variables, user);
        return [];
      }
      if (Date.now() > deadline) {
        return [
          `complete: the task ${target.element} of ${whose} (created, per the broker) did not appear in the tasks component for ${user.username} within ${(this.opts.taskWaitMs ?? 60_000) / 1000} s`,
        ];
      }
      await sleep(500);
    }
  }

  /**
   * Waits until nothing moves (see the module comment), printing events as they arrive. (1 s of
   * quiet, with the exporter seen holding nothing, failed once in CI: README, "Tests".)
   */
  private async settle(quietMs = this.opts.quietMs ?? 3_000): Promise<void> {
    const started = Date.now();
    let lastActivity = Date.now();
    const maxMs = this.opts.settleMaxMs ?? 300_000;
    for (;;) {
      // what is under way is asked before the records are read: records the exporter sent between
      // a read and a later "holds nothing" would otherwise be missed by a settle that ends then
      const busy = await this.busyWith();
      const sent = await dispatchOutbox(this.h.dataSource, this.h.zeebe, this.h.outbox, this.h.clock.now);
      const records = await this.h.records.fetchNew();
      const events = this.ours(this.tracker.ingest(records));
      const stageEvents = await this.stageEvents();
      this.emit([...events, ...stageEvents].sort((a, b) => a.at.localeCompare(b.at)));
      if (this.tracker.countRelevant(records) > 0 || stageEvents.length > 0 || sent.sent > 0)
        lastActivity = Date.now();
      if (!busy && Date.now() - lastActivity >= quietMs) return;
      if (Date.now() - started > maxMs) {
        this.opts.log(`still busy after ${maxMs / 1000} s (${busy ?? 'records still arriving'}); going on`);
        return;
      }
      await sleep(500);
    }
  }

  /** what the system is still doing, or null when nothing is known to be under way */
  private async busyWith(): Promise<string | null> {
    const job = this.tracker.openJobType(this.h.workerTypes);
    if (job) return `a job of type ${job} waits for its worker`;
    const due = this.tracker.dueTimer(this.h.clock.now().getTime());
    if (due !== null) return `a timer due at ${new Date(due).toISOString()} has not fired yet`;
    const unseen = [...this.codeOf.values()].find((code) => !this.tracker.hasProject(code));
    if (unseen) return `no record of ${unseen}'s lifecycle yet`;
    if (await this.outboxPending()) return 'a proposal waits in the outbox';
    if (await this.h.records.behind())
      return "the broker's exporter is behind or holds records, or OpenSearch did not answer fully";
    return null;
  }

  private async outboxPending(): Promise<boolean> {
    const codes = [...this.codeOf.values()];
    if (codes.length === 0) return false;
    const [row] = (await this.h.dataSource.query(
      `SELECT COUNT(*) AS n FROM outbox WHERE kind = ? AND sent_at IS NULL AND failed_at IS NULL AND aggregate_id IN (${codes.map(() => '?').join(',')})`,
      [LIFECYCLE_OUTBOX_KIND, ...codes],
    )) as { n: string | number }[];
    return Number(row?.n ?? 0) > 0;
  }

  /** Stage changes (and refusals) from the registry's audit trail of the scenario's projects. */
  private async stageEvents(): Promise<ScenarioEvent[]> {
    const codes = [...this.codeOf.values()];
    if (codes.length === 0) return [];
    const rows = (await this.h.dataSource.query(
      `SELECT id, at, action, entity_id AS code, after_state AS after FROM audit_log
        WHERE entity_type = 'project' AND id > ? AND entity_id IN (${codes.map(() => '?').join(',')}) ORDER BY id`,
      [this.auditCursor, ...codes],
    )) as { id: string | number; at: Date; action: string; code: string; after: unknown }[];
    const out: ScenarioEvent[] = [];
    for (const r of rows) {
      this.auditCursor = String(r.id);
      const after = (typeof r.after === 'string' ? JSON.parse(r.after) : r.after) as Record<
        string,
        unknown
      > | null;
      const stage = after?.stage;
      if (typeof stage !== 'string' || stage === this.lastStage.get(r.code)) continue;
      const base = {
        at: new Date(r.at).toISOString(),
        project: this.aliasOf.get(r.code) ?? null,
        code: r.code,
        element: null,
        rule: typeof after?.rule === 'string' ? after.rule : null,
        group: null,
        due: null,
      };
      out.push({
        ...base,
        event: 'stage-changed',
        detail: { from: this.lastStage.get(r.code) ?? null, to: stage, action: r.action },
      });
      if (stage === 'refused') {
        const reason = after?.refusalReason ?? after?.reason ?? null;
        out.push({ ...base, event: 'refused', detail: { by: 'lifecycle', reason, action: r.action } });
      }
      this.lastStage.set(r.code, stage);
    }
    return out;
  }

  /** events of this scenario's projects, and those of no project (a timer starting a session) */
  private ours(events: ScenarioEvent[]): ScenarioEvent[] {
    return events.filter((e) => e.code === null || this.aliasOf.has(e.code));
  }

  private emit(events: ScenarioEvent[]): void {
    for (const e of events) {
      this.events.push(e);
      this.opts.out(eventLine(e));
    }
  }

  private async state(code: string): Promise<ProjectState> {
    const row = await this.h.dataSource.getRepository(ProjectEntity).findOneByOrFail({ code });
    return {
      code,
      stage: row.stage,
      status: row.status,
      planYear: row.planYear,
      openTasks: this.tracker.openTasks(code),
      activeElements: this.tracker.activeElements(code),
      events: this.events.filter((e) => e.code === code),
    };
  }

  private async summary(): Promise<Record<string, object>> {
    const out: Record<string, object> = {};
    for (const alias of Object.keys(this.scenario.projects)) {
      const code = this.codeOf.get(alias);
      if (!code) {
        out[alias] = {
          code: null,
          stage: null,
          status: this.refusedAtSubmit.has(alias) ? 'refused-at-submission' : 'not-submitted',
          planYear: null,
          openTasks: [],
        };
        continue;
      }
      const s = await this.state(code);
      out[alias] = {
        code,
        stage: s.stage,
        status: s.status,
        planYear: s.planYear,
        openTasks: s.openTasks.map((t) => ({
          element: t.element,
          name: t.name,
          rule: t.rule,
          group: t.group,
          candidateGroups: t.candidateGroups,
          due: t.due,
        })),
      };
    }
    return out;
  }
}
