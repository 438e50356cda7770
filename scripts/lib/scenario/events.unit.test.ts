import { parseLongSafe, RecordTracker, type ElementLookup, type ZeebeRecord } from './events';

const T0 = Date.parse('2027-08-31T01:00:00Z');
let position = 0;
const rec = (
  valueType: string,
  intent: string,
  key: string,
  value: Record<string, unknown>,
  at = T0,
): ZeebeRecord => ({ partitionId: 1, position: ++position, key, timestamp: at, valueType, intent, value });

/** element of the lifecycle (process instance 100) or of a called stage (instance 200) */
const pi = (intent: string, key: string, elementId: string, type: string, extra: object = {}, at = T0) =>
  rec(
    'PROCESS_INSTANCE',
    intent,
    key,
    {
      bpmnProcessId: 'project-lifecycle',
      processDefinitionKey: 9,
      processInstanceKey: 100,
      elementId,
      bpmnElementType: type,
      flowScopeKey: 100,
      parentElementInstanceKey: -1,
      ...extra,
    },
    at,
  );

const lookup: ElementLookup = (processId, elementId) => {
  const rules: Record<string, { rule: string; name: string }> = {
    'project-lifecycle/await-pre-review': { rule: 'M99.3', name: '等待月度预审' },
    'intake/approve': { rule: 'M99.2', name: '市政府审批' },
    'intake/approve-overdue': { rule: 'M99.2', name: '审批超时' },
  };
  return rules[`${processId}/${elementId}`] ?? { rule: null, name: null };
};

describe('RecordTracker', () => {
  const tracker = () => new RecordTracker(lookup, (code) => (code === 'LS-2027-0001' ? 'a' : null));

  it('attributes records to the project through the projectCode variable, also in a called process', () => {
    // given the lifecycle with its projectCode, waiting at the receive task, and a called stage
    const t = tracker();
    const events = t.ingest([
      pi('ELEMENT_ACTIVATED', '100', 'project-lifecycle', 'PROCESS', { flowScopeKey: -1 }),
      rec('VARIABLE', 'CREATED', '101', { name: 'projectCode', value: '"LS-2027-0001"', scopeKey: 100 }),
      pi('ELEMENT_ACTIVATED', '110', 'await-pre-review', 'RECEIVE_TASK'),
      pi('ELEMENT_ACTIVATED', '120', 'call-intake', 'CALL_ACTIVITY'),
      rec('PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', '200', {
        bpmnProcessId: 'intake',
        processInstanceKey: 200,
        elementId: 'intake',
        bpmnElementType: 'PROCESS',
        flowScopeKey: -1,
        parentElementInstanceKey: 120,
        parentProcessInstanceKey: 100,
      }),
      rec('USER_TASK', 'CREATED', '210', {
        bpmnProcessId: 'intake',
        processInstanceKey: 200,
        elementInstanceKey: 205,
        elementId: 'approve',
        candidateGroupsList: ['city-gov'],
        dueDate: '2027-09-07T09:00:00.000Z',
        userTaskKey: 210,
      }),
      rec('PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', '205', {
        bpmnProcessId: 'intake',
        processInstanceKey: 200,
        elementId: 'approve',
        bpmnElementType: 'USER_TASK',
        flowScopeKey: 200,
      }),
    ]);
    // then the task is the project's, with its rule, group and due date
    expect(events).toEqual([
      {
        at: '2027-08-31T01:00:00.000Z',
        project: 'a',
        code: 'LS-2027-0001',
        event: 'task-created',
        element: 'approve',
        rule: 'M99.2',
        group: 'city-gov',
        due: '2027-09-07T09:00:00.000Z',
        detail: {
          name: '市政府审批',
          candidateGroups: ['city-gov'],
          userTaskKey: '210',
          processInstanceKey: '200',
        },
      },
    ]);
    expect(t.openTasks('LS-2027-0001')).toEqual([
      expect.objectContaining({
        element: 'approve',
        rule: 'M99.2',
        group: 'city-gov',
        candidateGroups: ['city-gov'],
      }),
    ]);
    expect(t.activeElements('LS-2027-0001')).toEqual(
      expect.arrayContaining(['await-pre-review', 'call-intake', 'intake', 'approve']),
    );
    expect(t.openTasks('LS-2027-0002')).toEqual([]);

    // when the task completes, a timer fires, a breach is recorded, a message correlates and the stage ends
    const later = T0 + 3_600_000;
    const more = t.ingest([
      rec(
        'USER_TASK',
        'COMPLETED',
        '210',
        {
          bpmnProcessId: 'intake',
          processInstanceKey: 200,
          elementInstanceKey: 205,
          elementId: 'approve',
          candidateGroupsList: ['city-gov'],
          assignee: 'scenario-city-gov',
          variables: { approved: true },
          userTaskKey: 210,
        },
        later,
      ),
      rec(
        'TIMER',
        'TRIGGERED',
        '300',
        {
          processInstanceKey: 200,
          processDefinitionKey: 9,
          elementInstanceKey: 205,
          targetElementId: 'approve-overdue',
          dueDate: later,
        },
        later,
      ),
      rec(
        'JOB',
        'CREATED',
        '310',
        { type: 'deadline.record-breach', processInstanceKey: 200, elementInstanceKey: 205 },
        later,
      ),
      rec(
        'JOB',
        'COMPLETED',
        '310',
        {
          type: 'deadline.record-breach',
          bpmnProcessId: 'intake',
          processInstanceKey: 200,
          elementInstanceKey: 205,
          elementId: 'record-approval-breach',
          customHeaders: { rule: 'M99.2', deadline: 'approval' },
        },
        later,
      ),
      rec(
        'PROCESS_MESSAGE_SUBSCRIPTION',
        'CORRELATED',
        '320',
        {
          bpmnProcessId: 'project-lifecycle',
          processInstanceKey: 100,
          elementInstanceKey: 110,
          elementId: 'await-pre-review',
          messageName: 'pre-review-decided',
          correlationKey: 'LS-2027-0001',
          variables: { preReviewPassed: true },
        },
        later,
      ),
      rec(
        'INCIDENT',
        'CREATED',
        '330',
        {
          bpmnProcessId: 'intake',
          processInstanceKey: 200,
          elementInstanceKey: 205,
          elementId: 'approve',
          errorType: 'JOB_NO_RETRIES',
          errorMessage: 'no variable x',
        },
        later,
      ),
      pi('ELEMENT_COMPLETED', '130', 'done', 'END_EVENT', {}, later),
      pi('ELEMENT_COMPLETED', '100', 'project-lifecycle', 'PROCESS', { flowScopeKey: -1 }, later),
    ]);
    // then each is one event of the project, in order
    expect(more.map((e) => [e.event, e.element, e.rule, e.project])).toEqual([
      ['task-completed', 'approve', 'M99.2', 'a'],
      ['timer-fired', 'approve-overdue', 'M99.2', 'a'],
      ['deadline-breached', 'record-approval-breach', 'M99.2', 'a'],
      ['message-correlated', 'await-pre-review', 'M99.3', 'a'],
      ['incident', 'approve', 'M99.2', 'a'],
      ['process-completed', 'project-lifecycle', null, 'a'],
    ]);
    expect(more[0]!.detail).toEqual(
      expect.objectContaining({ assignee: 'scenario-city-gov', variables: { approved: true } }),
    );
    expect(more[2]!.detail).toEqual(expect.objectContaining({ deadline: 'approval' }));
    expect(more[3]!.detail).toEqual(
      expect.objectContaining({ messageName: 'pre-review-decided', variables: { preReviewPassed: true } }),
    );
    expect(more[5]!.detail).toEqual({ endEvent: 'done', processInstanceKey: '100' });
    expect(t.openTasks('LS-2027-0001')).toEqual([]);
    expect(t.activeElements('LS-2027-0001')).not.toContain('project-lifecycle');
  });

  it('holds back a record whose project variable arrives in the next batch, then attributes it', () => {
    const t = tracker();
    const first = t.ingest([
      pi('ELEMENT_ACTIVATING', '100', 'project-lifecycle', 'PROCESS', { flowScopeKey: -1 }),
      pi('ELEMENT_ACTIVATED', '100', 'project-lifecycle', 'PROCESS', { flowScopeKey: -1 }),
      rec('TIMER', 'TRIGGERED', '300', {
        processInstanceKey: 100,
        elementInstanceKey: 100,
        targetElementId: 't',
      }),
    ]);
    expect(first).toEqual([]);
    const second = t.ingest([
      rec('VARIABLE', 'CREATED', '101', { name: 'projectCode', value: '"LS-2027-0001"', scopeKey: 100 }),
    ]);
    expect(second).toEqual([
      expect.objectContaining({ event: 'timer-fired', project: 'a', code: 'LS-2027-0001' }),
    ]);
  });

  it('reports a timer that starts a process without a project', () => {
    const t = tracker();
    const events = t.ingest(
      [
        rec('TIMER', 'TRIGGERED', '300', {
          processInstanceKey: -1,
          processDefinitionKey: 7,
          elementInstanceKey: -1,
          targetElementId: 'session-date',
          dueDate: T0,
        }),
      ],
      true,
    );
    expect(events).toEqual([
      expect.objectContaining({ event: 'timer-fired', project: null, code: null, element: 'session-date' }),
    ]);
  });

  it('counts jobs waiting for a worker until they complete or fail for good', () => {
    const t = tracker();
    const types = new Set(['project.bind-instance']);
    t.ingest([rec('JOB', 'CREATED', '1', { type: 'project.bind-instance' })]);
    expect(t.openJobType(types)).toBe('project.bind-instance');
    expect(t.openJobType(new Set(['other']))).toBeNull();
    t.ingest([rec('JOB', 'FAILED', '1', { type: 'project.bind-instance', retries: 2 })]);
    expect(t.openJobType(types)).toBe('project.bind-instance');
    t.ingest([rec('JOB', 'FAILED', '1', { type: 'project.bind-instance', retries: 0 })]);
    expect(t.openJobType(types)).toBeNull();
  });

  it('counts timers due by the broker time until they fire or are cancelled', () => {
    // given a timer due at T0 + 1 h and one due at T0 + 2 h
    const t = tracker();
    const due1 = T0 + 3_600_000;
    const due2 = T0 + 7_200_000;
    t.ingest([
      rec('TIMER', 'CREATED', '10', { targetElementId: 'a', dueDate: due1 }),
      rec('TIMER', 'CREATED', '11', { targetElementId: 'b', dueDate: due2 }),
    ]);
    // then none is due before its time, and the earlier one is at its time
    expect(t.dueTimer(due1 - 1)).toBeNull();
    expect(t.dueTimer(due1)).toBe(due1);
    // when the first fires and the second is cancelled, then none is due any more
    t.ingest([rec('TIMER', 'TRIGGERED', '10', { targetElementId: 'a', dueDate: due1 })]);
    expect(t.dueTimer(due2)).toBe(due2);
    t.ingest([rec('TIMER', 'CANCELED', '11', { targetElementId: 'b', dueDate: due2 })]);
    expect(t.dueTimer(due2 + 1)).toBeNull();
  });

  it("leaves out another run's leftover instances but keeps a long-running scheduler's", () => {
    // given a tracker that knows the session scheduler runs from deployment on
    const t = new RecordTracker(lookup, () => null, new Set(['session-scheduler']));
    const scheduler = { processInstanceKey: 50, bpmnProcessId: 'session-scheduler', elementInstanceKey: 51 };
    const leftover = { processInstanceKey: 60, bpmnProcessId: 'some-fixture', elementInstanceKey: 61 };
    const records = [
      // when the scheduler's timer fires, a leftover instance (started before) retries a job
      // and a session the scheduler starts now creates one
      rec('TIMER', 'TRIGGERED', '500', { ...scheduler, targetElementId: 'wait-for-session' }),
      rec('TIMER', 'TRIGGERED', '600', { ...leftover, targetElementId: 'retry-timer' }),
      rec('JOB', 'CREATED', '601', { ...leftover, type: 'project.bind-instance' }),
      pi('ELEMENT_ACTIVATING', '700', 'monthly-pre-review', 'PROCESS', {
        bpmnProcessId: 'monthly-pre-review',
        processInstanceKey: 700,
        flowScopeKey: -1,
      }),
    ];
    const events = t.ingest(records, true);
    // then only the scheduler's timer is an event, the leftover's records are not activity,
    // and its job is not waited for
    expect(events.map((e) => e.element)).toEqual(['wait-for-session']);
    expect(t.countRelevant(records)).toBe(2);
    expect(t.openJobType(new Set(['project.bind-instance']))).toBeNull();
    // and a job of the session started now is
    t.ingest([rec('JOB', 'CREATED', '701', { processInstanceKey: 700, type: 'project.bind-instance' })]);
    expect(t.openJobType(new Set(['project.bind-instance']))).toBe('project.bind-instance');
  });
});

describe('parseLongSafe', () => {
  it('keeps Zeebe keys above 2^53 exact and leaves strings alone', () => {
    const parsed = parseLongSafe(
      '{"key":9007199254740993123,"value":{"value":"{\\"n\\":12345678901234567}","small":42}}',
    ) as { key: string; value: { value: string; small: number } };
    expect(parsed.key).toBe('9007199254740993123');
    expect(parsed.value.value).toBe('{"n":12345678901234567}');
    expect(parsed.value.small).toBe(42);
  });
});
