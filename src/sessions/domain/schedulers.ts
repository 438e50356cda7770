import type { Zeebe } from '../../shared/camunda';
import { MessageName } from '../../shared/bpmn';
import { sessionKinds } from './kinds';

/**
 * Makes sure a session scheduler runs for each kind: publishes its start message with the kind as
 * correlation key and no time to live. Zeebe starts at most one instance per correlation key while
 * one is active, so this is a no-op when the schedulers run; called at every start of the workers.
 */
export async function ensureSessionSchedulers(zeebe: Pick<Zeebe, 'publishMessage'>): Promise<void> {
  for (const sessionKind of sessionKinds) {
    await zeebe.publishMessage({
      name: MessageName.SessionSchedulerStart,
      correlationKey: sessionKind,
      timeToLive: 0,
      variables: { sessionKind, recheckHours: 24 },
    });
  }
}
