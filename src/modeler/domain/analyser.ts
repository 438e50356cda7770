/**
 * Reads and lints models off the event loop, with bounded work: a model with too many XML
 * elements is refused before any parsing; one worker thread analyses one model at a time, for at
 * most `timeoutMs` (then the thread is terminated and replaced); at most `queue` analyses wait,
 * and the next one is refused as busy (503 with Retry-After). So a hostile diagram costs the API
 * a bounded amount of one thread's time and never stalls other requests.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, isAppError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { LintCatalogue } from '../lint';
import type { Analysis, AnalysisTask } from './analysis';
import type { WorkerAnswer } from './analysis-worker';

export interface AnalysisLimits {
  /** XML elements a BPMN or DMN file may have */
  maxElements: number;
  /** how long one analysis may take */
  timeoutMs: number;
  /** analyses that may wait behind the running one */
  queue: number;
}

/** A worker with nothing to do is stopped after this long, to give its memory back. */
const IDLE_MS = 60_000;
/** Heap of the worker thread: a hostile model exhausts this, not the API's heap. */
const WORKER_HEAP_MB = 512;

/** Counts XML start tags without parsing (stops counting past `stopAfter`). */
export function countXmlElements(xml: string, stopAfter = Infinity): number {
  let n = 0;
  for (let i = xml.indexOf('<'); i !== -1 && n <= stopAfter; i = xml.indexOf('<', i + 1)) {
    const next = xml.charCodeAt(i + 1);
    // not an end tag (/), processing instruction (?), comment, CDATA or doctype (!)
    if (next !== 47 && next !== 63 && next !== 33) n += 1;
  }
  return n;
}

interface Job {
  task: AnalysisTask;
  resolve: (a: Analysis) => void;
  reject: (e: AppError) => void;
}

/** How the worker's entry point is loaded: as compiled JavaScript, or TypeScript through tsx. */
function bootstrap(): string {
  const entry = path.join(__dirname, `analysis-worker${path.extname(__filename)}`);
  if (entry.endsWith('.js')) return `require(${JSON.stringify(entry)});`;
  const tsx = require.resolve('tsx/cjs/api');
  return `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(entry)});`;
}

export class ModelAnalyser {
  private thread: { worker: Worker; ready: Promise<void> } | undefined;
  private running = false;
  private readonly waiting: Job[] = [];
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly catalogue: LintCatalogue,
    readonly limits: AnalysisLimits,
    private readonly log: Logger,
  ) {}

  /** The model's identity and lint findings; a bad, huge or too complex model is an AppError. */
  async analyse(task: AnalysisTask): Promise<Analysis> {
    const xml = task.fileName === undefined || /\.(bpmn|dmn)$/.test(task.fileName);
    const { maxElements, timeoutMs, queue } = this.limits;
    if (xml && countXmlElements(task.content, maxElements) > maxElements) {
      throw new AppError(
        'payload-too-large',
        `the model has more than ${maxElements} XML elements; at most ${maxElements} are accepted (MODELER_MAX_ELEMENTS)`,
        { details: { code: 'too-many-elements', maxElements } },
      );
    }
    if (this.running && this.waiting.length >= queue) {
      const retryAfterSeconds = Math.ceil((timeoutMs * (queue + 1)) / 1000);
      throw new AppError(
        'unavailable',
        `other models are being checked; try again in ${retryAfterSeconds} s`,
        {
          details: { code: 'busy', retryAfterSeconds },
        },
      );
    }
    const result = await new Promise<Analysis>((resolve, reject) => {
      this.waiting.push({ task, resolve, reject });
      this.next();
    });
    for (const f of result.failures) this.log.error({ rule: f.rule, err: f.error }, 'a lint rule crashed');
    return { ...result, failures: [] };
  }

  /** Stops the worker thread; a later analysis starts a new one. */
  async close(): Promise<void> {
    clearTimeout(this.idle);
    const thread = this.thread;
    this.thread = undefined;
    await thread?.worker.terminate();
  }

  private next(): void {
    if (this.running) return;
    const job = this.waiting.shift();
    if (!job) {
      this.idle = setTimeout(() => void this.close(), IDLE_MS).unref();
      return;
    }
    clearTimeout(this.idle);
    this.running = true;
    void this.run(job).finally(() => {
      this.running = false;
      this.next();
    });
  }

  private async start(): Promise<Worker> {
    let thread = this.thread;
    if (!thread) {
      const worker = new Worker(bootstrap(), {
        eval: true,
        workerData: {
          catalogue: {
            jobTypes: this.catalogue.jobTypes,
            ruleIds: this.catalogue.ruleIds,
            deadlineRuleIds: this.catalogue.deadlineRuleIds,
          },
        },
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
      worker.unref();
      const spawned = {
        worker,
        ready: new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`the analysis worker exited with code ${code}`)));
        }),
      };
      worker.once('exit', () => {
        if (this.thread === spawned) this.thread = undefined;
      });
      this.thread = thread = spawned;
    }
    await thread.ready;
    return thread.worker;
  }

  /** Throws a stuck or crashed worker away: the next analysis starts a new one. */
  private discard(worker: Worker): void {
    if (this.thread?.worker === worker) this.thread = undefined;
    void worker.terminate();
  }

  private async run(job: Job): Promise<void> {
    let worker: Worker;
    try {
      worker = await this.start();
    } catch (e) {
      this.thread = undefined;
      this.log.error({ err: e }, 'the model analysis worker did not start');
      return job.reject(
        new AppError('unavailable', 'the model checker could not start; try again later', {
          details: { code: 'checker-unavailable' },
        }),
      );
    }
    await new Promise<void>((done) => {
      const finish = (outcome: () => void) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onError);
        outcome();
        done();
      };
      const onMessage = (answer: WorkerAnswer) =>
        finish(() => {
          if ('ok' in answer) return job.resolve(answer.ok);
          if ('problem' in answer) {
            const p = answer.problem;
            return job.reject(new AppError(p.kind as AppError['kind'], p.message, { details: p.details }));
          }
          this.log.error({ err: answer.crash }, 'model analysis failed');
          job.reject(unreadable());
        });
      const onError = (e: unknown) =>
        finish(() => {
          this.discard(worker);
          this.log.error({ err: e }, 'the model analysis worker stopped');
          job.reject(isAppError(e) ? e : unreadable());
        });
      const timer = setTimeout(
        () =>
          finish(() => {
            this.discard(worker);
            job.reject(
              new AppError(
                'payload-too-large',
                `the model took longer than ${this.limits.timeoutMs} ms to check; split it into smaller processes (MODELER_LINT_TIMEOUT_MS)`,
                { details: { code: 'too-complex', timeoutMs: this.limits.timeoutMs } },
              ),
            );
          }),
        this.limits.timeoutMs,
      );
      worker.on('message', onMessage).once('error', onError).once('exit', onError);
      worker.postMessage(job.task);
    });
  }
}

const unreadable = () =>
  new AppError(
    'bad-request',
    'the model could not be read (the internal error is logged); check that it is a valid BPMN, DMN or form file',
    { details: { code: 'unreadable-model' } },
  );
