/** /api/office-purchases — office purchase filings with the EIB (M10.3): file one, list them. */
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { parseInput } from '../../shared/http';
import { fileOfficePurchase, filingView, listFilings, type StartFilingProcess } from '../domain/filings';
import { filingListQuerySchema, filingSchema } from '../domain/schemas';
import { idempotencyKeySchema } from '../../projects';

export function officePurchasesRouter(deps: {
  dataSource: DataSource;
  startProcess: StartFilingProcess;
  now?: () => Date;
}): Router {
  const now = deps.now ?? (() => new Date());
  const router = Router();

  router.post('/', async (req, res) => {
    const key = parseInput(idempotencyKeySchema, req.get('idempotency-key'), 'Idempotency-Key');
    const input = parseInput(filingSchema, req.body, 'filing');
    const at = now();
    const result = await fileOfficePurchase(deps.dataSource, req.user!, input, key, at, deps.startProcess);
    res.status(result.replayed ? 200 : 201).json(filingView(result.filing, at));
  });

  router.get('/', async (req, res) => {
    const query = parseInput(filingListQuerySchema, req.query, 'query');
    res.json(await listFilings(deps.dataSource, req.user!, query, now()));
  });

  return router;
}
