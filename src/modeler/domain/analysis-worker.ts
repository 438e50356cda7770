/**
 * Entry point of the analysis worker thread: analyses one model per message and answers with the
 * result, a problem (an AppError: the model is bad) or a crash (an internal error, for the log).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../shared/errors';
import type { LintCatalogue } from '../lint';
import { analyseModel, type AnalysisTask } from './analysis';

export type WorkerAnswer =
  | { ok: Awaited<ReturnType<typeof analyseModel>> }
  | { problem: { kind: string; message: string; details?: Record<string, unknown> } }
  | { crash: string };

const catalogue = (workerData as { catalogue: LintCatalogue }).catalogue;
const port = parentPort!;

port.on('message', (task: AnalysisTask) => {
  analyseModel(task, catalogue).then(
    (ok) => port.postMessage({ ok } satisfies WorkerAnswer),
    (e: unknown) =>
      port.postMessage(
        (isAppError(e)
          ? { problem: { kind: e.kind, message: e.message, details: e.details } }
          : { crash: e instanceof Error ? (e.stack ?? e.message) : String(e) }) satisfies WorkerAnswer,
      ),
  );
});
port.postMessage('ready');
