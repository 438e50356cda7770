/**
 * egov/deadline-timer-computed: a timer that waits on a task or in the flow is a deadline, and
 * deadlines here count Chinese working days. A fixed date or a duration in days, weeks, months or
 * years counts calendar days, so the timer must use a due instant computed by deadline.compute
 * (e.g. `=date and time(firstReviewDueAt)`). Durations in hours or minutes are allowed (M11.1's 24 h).
 * Start-event timers are schedules, not deadlines, and are not checked.
 */
import { isAny } from 'bpmnlint-utils';
import type { ModdleElement, RuleFactory } from './extension';

const calendarDuration = /^P(?!T)|^P\d+[YMWD]/;

export const deadlineTimerComputed: RuleFactory<unknown> = () => ({
  check(node, reporter) {
    if (!isAny(node, ['bpmn:BoundaryEvent', 'bpmn:IntermediateCatchEvent']) || !node.id) return;
    const definitions = (node.eventDefinitions as ModdleElement[] | undefined) ?? [];
    const timer = definitions.find((d) => d.$type === 'bpmn:TimerEventDefinition');
    if (!timer) return;
    const body = (k: string) => (timer[k] as { body?: string } | undefined)?.body?.trim();
    const date = body('timeDate');
    const duration = body('timeDuration');
    if (date !== undefined && !date.startsWith('=')) {
      reporter.report(node.id, 'Deadline timer uses a fixed date: use a computed due instant', ['timeDate']);
    }
    if (duration !== undefined && !duration.startsWith('=') && calendarDuration.test(duration)) {
      reporter.report(
        node.id,
        `Deadline timer counts calendar days <${duration}>: use a due instant computed in working days`,
        ['timeDuration'],
      );
    }
  },
});
