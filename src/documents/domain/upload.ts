/**
 * Receives one multipart upload (fields `type` and `file`) into a temporary file while hashing
 * it, enforcing the size limit as it streams; then checks the content against its extension,
 * moves it into storage and records the next version of that document type in one transaction
 * with its audit entry. Anything refused leaves no file and no row behind.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import busboy from 'busboy';
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../audit';
import { getProject, mayUploadDocuments } from '../../projects';
import { retryOnDeadlock } from '../../shared/db';
import { AppError, messageOf } from '../../shared/errors';
import type { AuthUser } from '../../users';
import { DocumentEntity, type DocumentRow } from '../data-access/document.entity';
import type { DocumentStorage } from '../storage';
import { allowedTypes, contentMatches, documentTypeSchema, fileNameProblem } from './file-rules';

interface ReceivedFile {
  type: string;
  fileName: string;
  size: number;
  sha256: string;
  head: Buffer;
  tempFile: string;
}

/** A failure to write the temporary file: the server's fault (disk full, permissions), not the client's. */
class StorageFault extends Error {}

/**
 * Streams one file part into `tempFile` while hashing it. On any failure of either side the
 * descriptor is closed (pipeline destroys both streams) and the temporary file removed.
 */
async function writeTemp(
  part: Readable,
  tempFile: string,
): Promise<Pick<ReceivedFile, 'size' | 'sha256' | 'head'>> {
  const hash = crypto.createHash('sha256');
  const headParts: Buffer[] = [];
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (size < 16) headParts.push(chunk.subarray(0, 16));
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const out = fs.createWriteStream(tempFile);
  // whichever side fails first is the cause; pipeline then destroys the other with the same error
  let cause: 'body' | 'storage' | undefined;
  part.once('error', () => (cause ??= 'body'));
  out.once('error', () => (cause ??= 'storage'));
  try {
    await pipeline(part, tap, out);
  } catch (e) {
    await fs.promises.rm(tempFile, { force: true });
    throw cause === 'storage' ? new StorageFault(`writing ${tempFile} failed`, { cause: e }) : e;
  }
  return { size, sha256: hash.digest('hex'), head: Buffer.concat(headParts) };
}

async function receive(req: Request, storage: DocumentStorage, maxBytes: number): Promise<ReceivedFile> {
  if (!req.is('multipart/form-data')) {
    throw new AppError(
      'bad-request',
      'send the document as multipart/form-data with fields "type" and "file"',
    );
  }
  let bb: busboy.Busboy;
  try {
    // utf8 names (Chinese file names), and the raw name so that path tricks are refused, not silently stripped
    bb = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      preservePath: true,
      limits: { files: 1, fileSize: maxBytes, fields: 5 },
    });
  } catch (e) {
    throw new AppError('bad-request', messageOf(e));
  }
  let type: string | undefined;
  let written: Promise<Omit<ReceivedFile, 'type'>> | undefined;
  let failure: AppError | undefined;
  bb.on('field', (name, value) => {
    if (name === 'type') type = value;
  });
  bb.on('file', (_field, part, info) => {
    const fileName = info.filename ?? '';
    const problem = fileNameProblem(fileName);
    if (problem) {
      failure = new AppError('bad-request', problem);
      // drained unread; a broken form is reported through busboy's own error
      part.on('error', () => undefined).resume();
      return;
    }
    part.on('limit', () => {
      failure = new AppError('payload-too-large', `the file is larger than ${maxBytes} bytes`);
    });
    const tempFile = storage.tempFile();
    written = writeTemp(part, tempFile).then(
      (file) => ({ ...file, fileName, tempFile }),
      (e: unknown) => {
        if (e instanceof StorageFault) bb.destroy(e); // stop reading a body that cannot be kept
        throw e;
      },
    );
    written.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
  });
  // A client that aborts (or is cut off by the request timeout) leaves an incomplete request:
  // ending the form destroys the file part too, which closes and removes the temporary file.
  // A request that closed while the user and the project were checked never emits 'close' again
  // and gives no more data: reading it would wait for ever.
  if (req.destroyed && !req.complete) throw new AppError('bad-request', 'the client aborted the upload');
  req.once('close', () => {
    if (!req.complete) bb.destroy(new Error('the client aborted the upload'));
  });
  req.pipe(bb);
  try {
    await finished(bb);
  } catch (e) {
    const file = await written?.catch((writeError: unknown) => {
      if (writeError instanceof StorageFault) throw writeError;
    });
    if (file) await fs.promises.rm(file.tempFile, { force: true });
    throw new AppError('bad-request', `malformed or incomplete upload: ${messageOf(e)}`);
  }
  const file = await written;
  if (failure || !file) {
    if (file) await fs.promises.rm(file.tempFile, { force: true });
    throw failure ?? new AppError('bad-request', 'the upload has no "file" field');
  }
  return { ...file, type: type ?? '' };
}

export async function uploadDocument(
  ds: DataSource,
  storage: DocumentStorage,
  user: AuthUser,
  projectCode: string,
  req: Request,
  maxBytes: number,
  /** when it was uploaded: the API's clock (the broker's, in a scenario) */
  now: Date,
): Promise<DocumentRow> {
  const project = await getProject(ds, user, projectCode); // 404 for a project the user may not see
  if (!mayUploadDocuments(user, project))
    throw new AppError(
      'forbidden',
      "only the project's lead department, EIB officers and administrators may upload its documents",
    );
  const file = await receive(req, storage, maxBytes);
  try {
    const type = documentTypeSchema.safeParse(file.type);
    if (!type.success) throw new AppError('bad-request', type.error.issues[0]!.message);
    if (file.size === 0) throw new AppError('bad-request', 'the file is empty');
    if (!contentMatches(file.fileName, file.head)) {
      throw new AppError(
        'bad-request',
        `the content of ${file.fileName} is not a ${path.extname(file.fileName).slice(1).toUpperCase()} file`,
      );
    }
    await storage.adopt(file.tempFile, file.sha256);
    // uploads to one project take turns on its row: without it, uploads side by side took gap locks
    // on the same version range and deadlocked, one survivor per round, so the sixth of six could
    // exhaust its runs (500 in CI); a deadlock victim still runs again
    return await retryOnDeadlock(() =>
      ds.transaction(async (tx) => {
        await tx.query('SELECT code FROM project WHERE code = ? FOR UPDATE', [projectCode]);
        const [row] = (await tx.query(
          'SELECT COALESCE(MAX(version), 0) + 1 AS v FROM document WHERE project_code = ? AND type = ? FOR UPDATE',
          [projectCode, type.data],
        )) as { v: number }[];
        const doc = {
          projectCode,
          type: type.data,
          version: Number(row!.v),
          fileName: file.fileName,
          contentType: allowedTypes[path.extname(file.fileName).toLowerCase()]!.contentType,
          size: String(file.size),
          sha256: file.sha256,
          uploadedBy: user.username,
          uploadedAt: now,
        };
        const { identifiers } = await tx.getRepository(DocumentEntity).insert(doc);
        await appendAudit(tx, {
          at: now,
          actor: user.username,
          action: 'document.upload',
          entityType: 'project',
          entityId: projectCode,
          beforeState: null,
          afterState: { ...doc, id: String(identifiers[0]!.id) },
        });
        return { ...doc, id: String(identifiers[0]!.id) };
      }),
    );
  } finally {
    await fs.promises.rm(file.tempFile, { force: true });
  }
}

export async function listDocuments(
  ds: DataSource,
  user: AuthUser,
  projectCode: string,
): Promise<DocumentRow[]> {
  await getProject(ds, user, projectCode);
  return ds
    .getRepository(DocumentEntity)
    .find({ where: { projectCode }, order: { type: 'ASC', version: 'ASC' } });
}

export async function findDocument(
  ds: DataSource,
  user: AuthUser,
  projectCode: string,
  id: string,
): Promise<DocumentRow> {
  await getProject(ds, user, projectCode);
  const doc = await ds.getRepository(DocumentEntity).findOneBy({ id, projectCode });
  if (!doc) throw new AppError('not-found', `project ${projectCode} has no document ${id}`);
  return doc;
}

/**
 * A document with its stored content, ready to stream. A row whose content is gone is the
 * server's own inconsistency (the registry and the store disagree), not something the client
 * asked wrongly: 500 with its own problem type, logged at error level by the error handler. Not
 * 404 (the document exists and is listed) and not 410 (nobody deleted it on purpose).
 */
export async function openDocument(
  ds: DataSource,
  storage: DocumentStorage,
  user: AuthUser,
  projectCode: string,
  id: string,
): Promise<{ doc: DocumentRow; content: Readable }> {
  const doc = await findDocument(ds, user, projectCode, id);
  const content = await storage.read(doc.sha256);
  if (!content) {
    throw new AppError(
      'document-content-missing',
      `document ${id} of project ${projectCode} is registered, but its stored content (SHA-256 ${doc.sha256}) is missing; an administrator has to restore it`,
    );
  }
  return { doc, content };
}
