/**
 * Assigning and completing Camunda user tasks (`zeebe:userTask`) through the broker's REST API
 * (`/v2/user-tasks/{key}/…`): Tasklist 8.6's V1 API refuses both for API clients ("not supported
 * using Tasklist V1 API"; only its own UI may). A task's id in Tasklist is its user task key.
 * The broker's REST API is unauthenticated here and listens on loopback only (README).
 */
import { BACKPRESSURE_SENDS, postCommand } from '../../shared/camunda';
import { AppError } from '../../shared/errors';

export type CommandResult = 'done' | 'not-found' | 'invalid-state';

export class UserTaskCommands {
  constructor(
    private readonly settings: { restAddress: string; timeoutMs: number },
    private readonly pauseUnitMs = 100,
  ) {}

  assign(key: string, assignee: string, allowOverride: boolean): Promise<CommandResult> {
    return this.post(`/v2/user-tasks/${encodeURIComponent(key)}/assignment`, { assignee, allowOverride });
  }

  complete(key: string, variables: Record<string, unknown>): Promise<CommandResult> {
    return this.post(`/v2/user-tasks/${encodeURIComponent(key)}/completion`, { variables });
  }

  private async post(path: string, body: unknown): Promise<CommandResult> {
    let res: Response;
    try {
      res = await postCommand(`${this.settings.restAddress}${path}`, body, {
        timeoutMs: this.settings.timeoutMs,
        pauseUnitMs: this.pauseUnitMs,
      });
    } catch (e) {
      throw new AppError('unavailable', `Camunda did not answer at ${this.settings.restAddress}`, {
        cause: e,
      });
    }
    if (res.ok) return 'done';
    const text = await res.text();
    // the engine rejects a command on a task that is gone (completed, canceled) or not in a state for it
    if (res.status === 404) return 'not-found';
    if (res.status === 409) return 'invalid-state';
    const detail = (() => {
      try {
        return (JSON.parse(text) as { detail?: string }).detail ?? text;
      } catch {
        return text;
      }
    })().slice(0, 500);
    if (res.status === 400)
      throw new AppError('bad-request', `Camunda refused the task's variables: ${detail}`);
    const busy =
      res.status === 429 ? ` (still busy after ${BACKPRESSURE_SENDS} tries: try again shortly)` : '';
    throw new AppError('unavailable', `Camunda POST ${path} answered HTTP ${res.status}: ${detail}${busy}`);
  }
}
