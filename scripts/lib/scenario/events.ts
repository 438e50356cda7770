/**
 * Turns the broker's exported records (OpenSearch `zeebe-record_*` indices) into scenario events
 * and keeps what the expectations read: open user tasks and active elements per project.
 *
 * A record belongs to a project when walking up from its element instance (flow scope, then the
 * calling element of a called process) reaches a scope with a `projectCode` variable: the
 * lifecycle, the stages it calls and a session's per-project branch all carry one.
 */
import type { EventKind } from './schema';

export interface ZeebeRecord {
  partitionId: number;
  position: number;
  /** as a string: keys above 2^53 would lose digits as JS numbers */
  key: string;
  timestamp: number;
  valueType: string;
  intent: string;
  value: Record<string, unknown>;
}

export interface ScenarioEvent {
  at: string;
  project: string | null;
  code: string | null;
  event: EventKind;
  element: string | null;
  rule: string | null;
  group: string | null;
  due: string | null;
  detail: Record<string, unknown>;
}

export interface OpenTask {
  element: string;
  name: string | null;
  rule: string | null;
  group: string | null;
  candidateGroups: string[];
  due: string | null;
  userTaskKey: string;
}

/** What the deployed models say about an element. */
export interface ElementInfo {
  rule: string | null;
  name: string | null;
}
export type ElementLookup = (processId: string | null, elementId: string) => ElementInfo;

/** Job type whose completion records a missed deadline (JobType.DeadlineRecordBreach). */
export const BREACH_JOB_TYPE = 'deadline.record-breach';

interface ElementInstance {
  elementId: string;
  processId: string;
  type: string;
  flowScopeKey: string;
  parentElementInstanceKey: string;
  processInstanceKey: string;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const none = (k: string) => k === '' || k === '-1';
const iso = (ms: number) => new Date(ms).toISOString();

/** Parses an OpenSearch answer keeping long integers (Zeebe keys) exact, as strings. */
export function parseLongSafe(text: string): unknown {
  return JSON.parse(text.replace(/([^\\]"\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
}

export class RecordTracker {
  private readonly elements = new Map<string, ElementInstance>();
  private readonly active = new Map<string, ElementInstance>();
  private readonly codeOfScope = new Map<string, string>();
  private readonly processIdOfDefinition = new Map<string, string>();
  private readonly tasks = new Map<string, OpenTask & { elementInstanceKey: string }>();
  private readonly lastEndEvent = new Map<string, string>();
  /** jobs created and not yet completed, failed for good, errored or cancelled: key → type */
  private readonly openJobs = new Map<string, { type: string; relevant: boolean }>();
  /** timers created and not yet fired or cancelled, with their due dates (epoch ms, broker time) */
  private readonly openTimers = new Map<string, { dueDate: number; relevant: boolean }>();
  /** process instances whose start this tracker saw: the scenario's own work */
  private readonly startedHere = new Set<string>();
  /** records that named no project yet: tried again once, then reported without one */
  private pending: { record: ZeebeRecord; rounds: number }[] = [];

  constructor(
    private readonly lookup: ElementLookup,
    /** the scenario alias of a project code, or null for a project outside the scenario */
    private readonly aliasOf: (code: string) => string | null,
    /**
     * processes whose instances started before the scenario and still belong to it (the session
     * schedulers); instances of any other process started earlier are another run's leftovers
     */
    private readonly longRunning: ReadonlySet<string> = new Set(),
  ) {}

  /** Processes records in position order; returns the events they make, in that order. */
  ingest(records: ZeebeRecord[], final = false): ScenarioEvent[] {
    for (const r of records) this.index(r);
    const candidates = [...this.pending.map((p) => p.record), ...records];
    const rounds = new Map(this.pending.map((p) => [p.record, p.rounds]));
    this.pending = [];
    const events: ScenarioEvent[] = [];
    for (const r of candidates) {
      const code = this.codeOf(r);
      if (code === null && !this.relevant(r)) continue;
      const round = rounds.get(r) ?? 0;
      if (code === null && !final && round < 1 && this.interesting(r)) {
        this.pending.push({ record: r, rounds: round + 1 });
        continue;
      }
      const e = this.toEvent(r, code);
      if (e) events.push(e);
    }
    for (const r of records) this.afterEvent(r);
    return events.sort((a, b) => a.at.localeCompare(b.at));
  }

  /** the open user tasks of a project, or without one every open task */
  openTasks(code?: string): OpenTask[] {
    return [...this.tasks.values()]
      .filter((t) => code === undefined || this.codeOfKey(t.elementInstanceKey) === code)
      .map(({ elementInstanceKey: _key, ...t }) => t);
  }

  /** ids of the elements of the project's instances that are active (waiting or running) */
  activeElements(code: string): string[] {
    return [...this.active.entries()]
      .filter(([key]) => this.codeOfKey(key) === code)
      .map(([, e]) => e.elementId);
  }

  /** the type of a job of one of these types that waits for its worker (the system is not yet quiet) */
  openJobType(types: ReadonlySet<string>): string | null {
    return [...this.openJobs.values()].find((j) => j.relevant && types.has(j.type))?.type ?? null;
  }

  /**
   * The due date of a timer of the scenario's that is due by `now` (broker time) and has not fired:
   * after a clock move the broker fires such timers at its next due-date check, and until then
   * nothing else shows that work is coming.
   */
  dueTimer(now: number): number | null {
    for (const t of this.openTimers.values()) if (t.relevant && t.dueDate <= now) return t.dueDate;
    return null;
  }

  /** how many of these records are the scenario's work (not another run's leftover instances) */
  countRelevant(records: ZeebeRecord[]): number {
    return records.filter((r) => this.relevant(r)).length;
  }

  /**
   * Whether a record is the scenario's: of no instance (a deployment, the clock), of an instance
   * started since the tracker began, or of a long-running process.
   */
  private relevant(r: ZeebeRecord): boolean {
    const v = r.value;
    const instance = str(v.processInstanceKey);
    if (none(instance) || this.startedHere.has(instance)) return true;
    const processId =
      str(v.bpmnProcessId) ||
      this.elements.get(instance)?.processId ||
      this.processIdOfDefinition.get(str(v.processDefinitionKey));
    return processId !== undefined && this.longRunning.has(processId);
  }

  /** whether a record has named this project code (its lifecycle has started and been exported) */
  hasProject(code: string): boolean {
    return [...this.codeOfScope.values()].includes(code);
  }

  /** the process id of an instance's definition, once a record named it */
  processIdOf(definitionKey: string): string | null {
    return this.processIdOfDefinition.get(definitionKey) ?? null;
  }

  private index(r: ZeebeRecord): void {
    const v = r.value;
    if (v.processDefinitionKey !== undefined && v.bpmnProcessId !== undefined)
      this.processIdOfDefinition.set(str(v.processDefinitionKey), str(v.bpmnProcessId));
    if (r.valueType === 'PROCESS_INSTANCE') {
      const e: ElementInstance = {
        elementId: str(v.elementId),
        processId: str(v.bpmnProcessId),
        type: str(v.bpmnElementType),
        flowScopeKey: str(v.flowScopeKey),
        parentElementInstanceKey: str(v.parentElementInstanceKey),
        processInstanceKey: str(v.processInstanceKey),
      };
      this.elements.set(r.key, e);
      if (e.type === 'PROCESS' && r.intent === 'ELEMENT_ACTIVATING') this.startedHere.add(r.key);
      if (r.intent === 'ELEMENT_ACTIVATED') this.active.set(r.key, e);
      if (r.intent === 'ELEMENT_COMPLETED' || r.intent === 'ELEMENT_TERMINATED') this.active.delete(r.key);
      if (r.intent === 'ELEMENT_COMPLETED' && e.type === 'END_EVENT')
        this.lastEndEvent.set(e.processInstanceKey, e.elementId);
    }
    if (r.valueType === 'JOB') {
      if (r.intent === 'CREATED') this.openJobs.set(r.key, { type: str(v.type), relevant: this.relevant(r) });
      else if (
        ['COMPLETED', 'ERROR_THROWN', 'CANCELED'].includes(r.intent) ||
        (r.intent === 'FAILED' && Number(v.retries) <= 0)
      )
        this.openJobs.delete(r.key);
    }
    if (r.valueType === 'TIMER') {
      if (r.intent === 'CREATED')
        this.openTimers.set(r.key, { dueDate: Number(v.dueDate), relevant: this.relevant(r) });
      else if (r.intent === 'TRIGGERED' || r.intent === 'CANCELED') this.openTimers.delete(r.key);
    }
    if (r.valueType === 'VARIABLE' && v.name === 'projectCode' && r.intent !== 'DELETED') {
      try {
        const code = JSON.parse(str(v.value)) as unknown;
        if (typeof code === 'string') this.codeOfScope.set(str(v.scopeKey), code);
      } catch {
        // not a JSON string: not a project code
      }
    }
  }

  /** bookkeeping that must follow the event (a task leaves the open list once reported) */
  private afterEvent(r: ZeebeRecord): void {
    if (r.valueType !== 'USER_TASK') return;
    const v = r.value;
    const key = str(v.userTaskKey) || r.key;
    if (r.intent === 'CREATED') {
      const elementId = str(v.elementId);
      const info = this.lookup(str(v.bpmnProcessId) || null, elementId);
      const groups = (v.candidateGroupsList as string[] | undefined) ?? [];
      this.tasks.set(key, {
        element: elementId,
        name: info.name,
        rule: info.rule,
        group: groups[0] ?? null,
        candidateGroups: groups,
        due: str(v.dueDate) || null,
        userTaskKey: key,
        elementInstanceKey: str(v.elementInstanceKey),
      });
    }
    if (r.intent === 'COMPLETED' || r.intent === 'CANCELED') this.tasks.delete(key);
  }

  private codeOfKey(start: string): string | null {
    let key = start;
    for (let hops = 0; hops < 1000 && !none(key); hops++) {
      const code = this.codeOfScope.get(key);
      if (code) return code;
      const e = this.elements.get(key);
      if (!e) return null;
      key = none(e.flowScopeKey) ? e.parentElementInstanceKey : e.flowScopeKey;
    }
    return null;
  }

  private codeOf(r: ZeebeRecord): string | null {
    const v = r.value;
    if (r.valueType === 'PROCESS_INSTANCE') return this.codeOfKey(r.key);
    return this.codeOfKey(str(v.elementInstanceKey)) ?? this.codeOfKey(str(v.processInstanceKey));
  }

  private interesting(r: ZeebeRecord): boolean {
    return this.toEvent(r, null) !== null;
  }

  private toEvent(r: ZeebeRecord, code: string | null): ScenarioEvent | null {
    const v = r.value;
    const processId =
      str(v.bpmnProcessId) ||
      this.elements.get(str(v.elementInstanceKey))?.processId ||
      this.processIdOfDefinition.get(str(v.processDefinitionKey)) ||
      null;
    const make = (
      event: EventKind,
      element: string,
      extra: Partial<Pick<ScenarioEvent, 'group' | 'due' | 'rule'>> & { detail?: Record<string, unknown> },
    ): ScenarioEvent => {
      const info = this.lookup(processId, element);
      return {
        at: iso(r.timestamp),
        project: code === null ? null : this.aliasOf(code),
        code,
        event,
        element,
        rule: extra.rule ?? info.rule,
        group: extra.group ?? null,
        due: extra.due ?? null,
        detail: {
          ...(info.name ? { name: info.name } : {}),
          ...(extra.detail ?? {}),
          // to find the instance in Operate
          ...(none(str(v.processInstanceKey)) ? {} : { processInstanceKey: str(v.processInstanceKey) }),
        },
      };
    };
    switch (`${r.valueType}:${r.intent}`) {
      case 'USER_TASK:CREATED': {
        const groups = (v.candidateGroupsList as string[] | undefined) ?? [];
        return make('task-created', str(v.elementId), {
          group: groups[0] ?? null,
          due: str(v.dueDate) || null,
          detail: { candidateGroups: groups, userTaskKey: str(v.userTaskKey) || r.key },
        });
      }
      case 'USER_TASK:COMPLETED': {
        const groups = (v.candidateGroupsList as string[] | undefined) ?? [];
        return make('task-completed', str(v.elementId), {
          group: groups[0] ?? null,
          due: str(v.dueDate) || null,
          detail: { assignee: str(v.assignee) || null, variables: v.variables ?? {} },
        });
      }
      case 'TIMER:TRIGGERED':
        return make('timer-fired', str(v.targetElementId), {
          due: typeof v.dueDate === 'number' ? iso(v.dueDate) : null,
          detail: none(str(v.processInstanceKey)) ? { startsProcess: processId } : {},
        });
      case 'JOB:COMPLETED':
        if (v.type !== BREACH_JOB_TYPE) return null;
        return make('deadline-breached', str(v.elementId), {
          rule: (v.customHeaders as Record<string, string> | undefined)?.rule,
          detail: { deadline: (v.customHeaders as Record<string, string> | undefined)?.deadline ?? null },
        });
      case 'PROCESS_MESSAGE_SUBSCRIPTION:CORRELATED':
        return make('message-correlated', str(v.elementId), {
          detail: {
            messageName: str(v.messageName),
            correlationKey: str(v.correlationKey),
            variables: v.variables ?? {},
          },
        });
      case 'INCIDENT:CREATED':
        return make('incident', str(v.elementId), {
          detail: { errorType: str(v.errorType), errorMessage: str(v.errorMessage) },
        });
      case 'PROCESS_INSTANCE:ELEMENT_COMPLETED':
        if (v.bpmnElementType !== 'PROCESS') return null;
        return make('process-completed', str(v.bpmnProcessId), {
          detail: { endEvent: this.lastEndEvent.get(r.key) ?? null },
        });
      default:
        return null;
    }
  }
}
