/**
 * A command to the broker's REST API (`/v2/…`), sent again while the broker refuses it under
 * backpressure: HTTP 429 means it wrote nothing, so sending again is safe. Pauses are random, up
 * to 100, 200, 400 … ms, so that callers refused together do not come back together. A hundred
 * officers completing tasks at once met the broker's request limit; the API had answered them 503.
 */
export const BACKPRESSURE_SENDS = 7;

/**
 * POSTs `body` as JSON to `url`; the last answer, a 429 only after BACKPRESSURE_SENDS sends.
 * A network failure or timeout is thrown as fetch throws it.
 */
export async function postCommand(
  url: string,
  body: unknown,
  opts: { timeoutMs: number; pauseUnitMs?: number },
): Promise<Response> {
  const pauseUnitMs = opts.pauseUnitMs ?? 100;
  for (let send = 1; ; send++) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    if (res.status !== 429 || send >= BACKPRESSURE_SENDS) return res;
    await res.body?.cancel();
    await new Promise((r) => setTimeout(r, Math.random() * pauseUnitMs * 2 ** (send - 1)));
  }
}
