/**
 * An OAuth 2.0 client-credentials token (the API's service account), cached until shortly before
 * it expires; parallel callers share one request.
 */
import { AppError } from '../../shared/errors';

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
}

/** renew this long before expiry (or at half the lifetime of a shorter-lived token) */
const MARGIN_MS = 30_000;

export class TokenSource {
  private cached?: { token: string; renewAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly settings: ClientCredentials,
    private readonly clock: () => number = Date.now,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.cached.renewAt > this.clock()) return this.cached.token;
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forgets the cached token (Tasklist refused it: revoked, or the realm was re-created). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, timeoutMs } = this.settings;
    let res: Response;
    try {
      res = await fetch(tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw new AppError('unavailable', `the identity provider did not answer at ${tokenUrl}`, { cause: e });
    }
    if (!res.ok) {
      throw new AppError(
        'unavailable',
        `the identity provider refused the API's service account "${clientId}" (HTTP ${res.status}): check TASKS_CLIENT_ID / TASKS_CLIENT_SECRET and the realm seed`,
      );
    }
    const body = (await res.json()) as { access_token: string; expires_in?: number };
    const lifetime = (body.expires_in ?? 60) * 1000;
    const now = this.clock();
    this.cached = { token: body.access_token, renewAt: now + Math.max(lifetime - MARGIN_MS, lifetime / 2) };
    return body.access_token;
  }
}
