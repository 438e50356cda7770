/** /api/projects/{code}/documents — upload, list and download a project's documents. */
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { parseInput } from '../../shared/http';
import { projectCode } from '../../shared/validation';
import { displayFileName } from '../domain/file-rules';
import { listDocuments, openDocument, uploadDocument } from '../domain/upload';
import type { DocumentStorage } from '../storage';

export function documentsRouter(deps: {
  dataSource: DataSource;
  storage: DocumentStorage;
  maxBytes: number;
  now?: () => Date;
}): Router {
  const now = deps.now ?? (() => new Date());
  const router = Router({ mergeParams: true });
  const code = (params: Record<string, string>) => parseInput(projectCode, params.code, 'project code');

  router.post('/', async (req, res) => {
    const doc = await uploadDocument(
      deps.dataSource,
      deps.storage,
      req.user!,
      code(req.params),
      req,
      deps.maxBytes,
      now(),
    );
    res.status(201).json(doc);
  });

  router.get('/', async (req, res) => {
    res.json(await listDocuments(deps.dataSource, req.user!, code(req.params)));
  });

  router.get('/:id', async (req, res) => {
    const id = parseInput(
      z.string().regex(/^\d{1,18}$/, 'a document id is a number'),
      req.params.id,
      'document id',
    );
    const { doc, content } = await openDocument(
      deps.dataSource,
      deps.storage,
      req.user!,
      code(req.params),
      id,
    );
    res
      .type(doc.contentType)
      .setHeader(
        'Content-Disposition',
        // names stored before upload refused invisible characters are cleaned for display
        `attachment; filename*=UTF-8''${encodeURIComponent(displayFileName(doc.fileName))}`,
      )
      .setHeader('X-Content-SHA256', doc.sha256);
    try {
      await pipeline(content, res);
    } catch (e) {
      // a client that stops reading is no fault; the file is closed either way
      if ((e as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw e;
    }
  });

  return router;
}
