/**
 * Sends hostile requests one after another to a running API and collects what went wrong: a 5xx,
 * no answer, or the process exiting. Findings are grouped by operation and kind of attack so that
 * each distinct problem is reported once, with one example request to reproduce it.
 */
import fc from 'fast-check';
import type { ApiProcess } from './api-process';
import { send, type Outcome } from './raw-http';
import { operations } from '../../../openapi/document';
import {
  documentedOperations,
  familySizes,
  hostileRequests,
  type AttackFamily,
  type HostileContext,
  type HostileRequest,
} from './requests';

export interface Finding {
  request: HostileRequest;
  outcome: Outcome;
  problem: string;
  /** what the API logged as an error while answering it */
  log: string[];
}

export interface RunResult {
  sent: number;
  findings: Finding[];
  /** answers by status class ("4xx", "5xx", "closed" …) */
  tally: Record<string, number>;
  /** requests per operation, to show every operation was reached */
  perOperation: Record<string, number>;
}

/**
 * The requests of one run, reproducible from `seed`: `perOperation` generated ones for each
 * operation of the OpenAPI document (so a new operation is covered without a change here), then the
 * catalogue: every fixed attack of every family once, spread over the operations it applies to.
 */
export function generate(ctx: HostileContext, seed: number, perOperation: number): HostileRequest[] {
  const ops = documentedOperations();
  const sampled = ops.flatMap((info, i) =>
    fc.sample(hostileRequests(info, ctx)!, { seed: seed + i, numRuns: perOperation }),
  );
  const catalogue: HostileRequest[] = [];
  for (const [family, size] of Object.entries(familySizes(ctx)) as [AttackFamily, number][]) {
    const applicable = ops.filter((info) => hostileRequests(info, ctx, { family, index: 0 }));
    for (let index = 0; index < size; index += 1) {
      const info = applicable[index % applicable.length]!;
      const arbitrary = hostileRequests(info, ctx, { family, index })!;
      catalogue.push(...fc.sample(arbitrary, { seed: seed + 7919 * (index + 1), numRuns: 1 }));
    }
  }
  return [...sampled, ...catalogue];
}

/** Operations that change state: PUT/PATCH/DELETE, or a POST that creates (documents a 201). */
function writes(r: HostileRequest): boolean {
  const [method, path] = r.operation.split(' ') as [string, string];
  if (['PUT', 'PATCH', 'DELETE'].includes(method)) return true;
  return method === 'POST' && '201' in (operations[path]?.post?.responses ?? {});
}

/** A JSON log line at level error or fatal, or any line that is not JSON (a crash's stack). */
function isError(line: string): boolean {
  try {
    return ((JSON.parse(line) as { level?: number }).level ?? 0) >= 50;
  } catch {
    return true;
  }
}

/** The error message of a JSON log line, else the line. */
function logMessage(line: string): string {
  try {
    const l = JSON.parse(line) as { msg?: string; err?: { type?: string; message?: string } };
    return `${l.msg ?? ''}${l.err ? `: ${l.err.type ?? 'Error'}: ${l.err.message ?? ''}` : ''}`;
  } catch {
    return line;
  }
}

function problemOf(r: HostileRequest, o: Outcome): string | undefined {
  if (o.status !== undefined && o.status >= 500) return `answered ${o.status}`;
  if (o.status !== undefined && o.status < 300 && writes(r))
    return `accepted (${o.status}): a hostile request to an operation that writes`;
  if (o.status !== undefined) return undefined;
  if (o.error === 'timeout') return 'no answer within the time limit';
  if (o.error === 'refused') return 'connection refused (is the process down?)';
  // a request we cut short may be dropped without an answer; a complete one may not
  if (o.error === 'closed' && !r.ending) return 'connection closed without an answer';
  return undefined;
}

export async function runHostile(
  requests: HostileRequest[],
  api: () => ApiProcess,
  options: { restart?: () => Promise<void>; maxRestarts?: number; timeoutMs?: number } = {},
): Promise<RunResult> {
  const result: RunResult = { sent: 0, findings: [], tally: {}, perOperation: {} };
  let restarts = 0;
  for (const r of requests) {
    const mark = api().lineCount();
    const outcome = await send(r, api().port, options.timeoutMs);
    const log = () => {
      const fresh = api().lineCount() - mark;
      return fresh > 0 ? api().output().slice(-fresh).filter(isError) : [];
    };
    result.sent += 1;
    result.perOperation[r.operation] = (result.perOperation[r.operation] ?? 0) + 1;
    const cls = outcome.status !== undefined ? `${String(outcome.status)[0]}xx` : outcome.error!;
    result.tally[cls] = (result.tally[cls] ?? 0) + 1;
    const problem = problemOf(r, outcome);
    if (problem) result.findings.push({ request: r, outcome, problem, log: log() });
    // a process that died on this request: give its exit a moment to be seen, report, start it again
    for (let waited = 0; outcome.status === undefined && !api().exited() && waited < 2000; waited += 100)
      await new Promise((res) => setTimeout(res, 100));
    const exit = api().exited();
    if (exit) {
      result.findings.push({
        request: r,
        outcome,
        problem: `the API process exited (${exit})`,
        log: api().output().slice(-8),
      });
      if (!options.restart || restarts >= (options.maxRestarts ?? 3)) break;
      restarts += 1;
      await options.restart();
    }
  }
  return result;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
const printable = (b: Buffer | undefined, n: number) =>
  b ? clip(JSON.stringify(b.subarray(0, n * 2).toString('utf8')), n) : '(none)';

/** One block per distinct operation + kind + problem, with one request to reproduce it. */
export function report(findings: Finding[]): string {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.request.operation} | ${f.request.kind} | ${f.problem.split('\n')[0]}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.entries()]
    .map(([key, list]) => {
      const { request: r, outcome: o } = list[0]!;
      const headers = r.headers.map(([k, v]) => `${k}: ${clip(v, 60)}`);
      return [
        `✗ ${key} (${list.length}×)`,
        `    ${r.method} ${clip(r.target, 160)}  as ${r.as}${r.from ? ` from ${r.from}` : ''}${r.ending ? ` (${r.ending})` : ''}`,
        `    headers: ${clip(headers.slice(0, 6).join(' | '), 400)}${headers.length > 6 ? ` (+${headers.length - 6})` : ''}`,
        `    body (${r.body?.length ?? 0} bytes): ${printable(r.body, 200)}`,
        `    answer: ${o.status ?? o.error} ${clip(o.excerpt.replace(/\s+/g, ' '), 200)}`,
        ...list[0]!.log.slice(0, 8).map((l) => `    log: ${clip(logMessage(l), 300)}`),
      ].join('\n');
    })
    .join('\n');
}
