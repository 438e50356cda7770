/**
 * session.open — opens a session when the scheduler's timer says it is due: publishes the start
 * message of the session's process (`pre-review-session-due` / `annual-plan-session-due`) with the
 * period as correlation key and `<kind>:<period>` as message id, so a second scheduler or a retried
 * job never opens the same session twice. Completes with the period the scheduler waits for next.
 */
import { z } from 'zod';
import { JobType } from '../../src/shared/bpmn';
import { nextPeriod, sessionKinds, sessionMessages } from '../../src/sessions';
import { isoInstant } from '../../src/shared/validation';
import { calendarDate } from '../../src/shared/validation';
import { complete, defineWorker } from '../runtime';
import { messagingOf, type WorkerDeps } from '../deps';
import { periodSchema } from '../session-next';

/** How long the start message stays buffered, and so how long its id deduplicates a second opening. */
const DEDUPLICATION_MS = 7 * 24 * 3_600_000;

export const sessionOpenWorker = defineWorker({
  type: JobType.SessionOpen,
  title: '召开会议（启动会议流程）',
  description: '会议时间已到时启动本期会议流程；同一期间只启动一次。',
  variables: z.object({
    sessionKind: z.enum(sessionKinds).describe('会议类型'),
    sessionPeriod: periodSchema.describe('会议所属期间'),
    sessionDate: calendarDate.describe('会议日期'),
    sessionAt: isoInstant.describe('会议时间'),
  }),
  outputs: { sessionOpened: '启动结果（published 或 already-published）', nextSessionPeriod: '下一期间' },
  async handle(input, job, deps: WorkerDeps) {
    const opened = await messagingOf(deps).publishOnce({
      name: sessionMessages[input.sessionKind].opens,
      correlationKey: input.sessionPeriod,
      messageId: `${input.sessionKind}:${input.sessionPeriod}`,
      timeToLiveMs: DEDUPLICATION_MS,
      variables: {
        sessionKind: input.sessionKind,
        sessionPeriod: input.sessionPeriod,
        sessionDate: input.sessionDate,
        sessionAt: input.sessionAt.toISOString(),
      },
    });
    job.log.info({ kind: input.sessionKind, period: input.sessionPeriod, opened }, 'session opened');
    return complete({
      sessionOpened: opened,
      nextSessionPeriod: nextPeriod(input.sessionKind, input.sessionPeriod),
    });
  },
});
