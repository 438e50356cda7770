/**
 * Starts a system's yearly MLPS testing after its final acceptance (M24.2): publishes the
 * `mlps-testing-start` message with the project code as correlation key and `mlps:<code>` as
 * message id. Zeebe drops a second message with the same id while the first is buffered, starts
 * no second instance while one with the key is active, and a buffered message starts a process
 * only once — so a retried job or a second call never starts a second testing cycle.
 */
import type { SessionMessaging } from '../../sessions';
import { MessageName } from '../../shared/bpmn';

/** How long the start message stays buffered, and so how long its id deduplicates a second start. */
export const MLPS_START_TTL_MS = 7 * 24 * 3_600_000;

export interface MlpsSystem {
  projectCode: string;
  departmentCode: string;
  projectTitle: string;
  /** YYYY-MM-DD */
  finalAcceptanceDate: string;
}

export const mlpsStartMessageId = (projectCode: string) => `mlps:${projectCode}`;

export function startMlpsTesting(
  messaging: Pick<SessionMessaging, 'publishOnce'>,
  system: MlpsSystem,
): Promise<'published' | 'already-published'> {
  return messaging.publishOnce({
    name: MessageName.MlpsTestingStart,
    correlationKey: system.projectCode,
    messageId: mlpsStartMessageId(system.projectCode),
    timeToLiveMs: MLPS_START_TTL_MS,
    variables: { ...system },
  });
}
