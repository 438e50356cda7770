/**
 * The two ways a session talks to the engine: it opens a session process once per period (a
 * published start message, deduplicated by its id), and it answers a project's lifecycle by
 * correlating a message to the instance waiting for it — refused (404) when none waits, so an
 * answer for an unknown or not-waiting project never vanishes silently.
 */
import { postCommand, type Zeebe } from '../../shared/camunda';

export interface SessionMessaging {
  publishOnce(message: {
    name: string;
    correlationKey: string;
    messageId: string;
    timeToLiveMs: number;
    variables: Record<string, unknown>;
  }): Promise<'published' | 'already-published'>;
  correlate(message: {
    name: string;
    correlationKey: string;
    variables: Record<string, unknown>;
  }): Promise<'correlated' | 'no-subscription'>;
}

export function camundaMessaging(zeebe: Zeebe, restAddress: string, timeoutMs = 10_000): SessionMessaging {
  return {
    async publishOnce(m) {
      try {
        await zeebe.publishMessage({
          name: m.name,
          correlationKey: m.correlationKey,
          messageId: m.messageId,
          timeToLive: m.timeToLiveMs,
          variables: m.variables as Parameters<Zeebe['publishMessage']>[0]['variables'],
        });
        return 'published';
      } catch (e) {
        // a message with this id is still buffered: the session was opened already
        if (/ALREADY_EXISTS/.test(String((e as Error).message)) || (e as { code?: number }).code === 6)
          return 'already-published';
        throw e;
      }
    },
    async correlate(m) {
      const res = await postCommand(`${restAddress}/v2/messages/correlation`, m, { timeoutMs });
      if (res.ok) return 'correlated';
      if (res.status === 404) return 'no-subscription';
      throw new Error(
        `correlating ${m.name} for ${m.correlationKey}: HTTP ${res.status} ${await res.text()}`,
      );
    },
  };
}
