/**
 * Receives one multipart upload (fields `type` and `file`) into a temporary file while hashing
 * it, enforcing the size limit as it streams; then checks the content against its extension,
 * moves it into storage and records the next version of that document type in one transaction
 * with its audit entry. Anything refused leaves no file and no row behind.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request } from 'express';
import busboy from 'busboy';
import type { DataSource } from 'typeorm';
import { appendAudit } from '../../audit';
import { getProject } from '../../projects';
import { AppError } from '../../shared/errors';
import { Role, type AuthUser } from '../../users';
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

function receive(req: Request, storage: DocumentStorage, maxBytes: number): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    if (!req.is('multipart/form-data')) {
      return reject(
        new AppError('bad-request', 'send the document as multipart/form-data with fields "type" and "file"'),
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
      return reject(new AppError('bad-request', (e as Error).message));
    }
    let type: string | undefined;
    let pending: Promise<ReceivedFile> | undefined;
    let failure: AppError | undefined;
    bb.on('field', (name, value) => {
      if (name === 'type') type = value;
    });
    bb.on('file', (_field, stream, info) => {
      const fileName = info.filename ?? '';
      const problem = fileNameProblem(fileName);
      if (problem) {
        failure = new AppError('bad-request', problem);
        stream.resume();
        return;
      }
      const tempFile = storage.tempFile();
      const out = fs.createWriteStream(tempFile);
      const hash = crypto.createHash('sha256');
      const headParts: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        if (size < 16) headParts.push(chunk.subarray(0, 16));
        size += chunk.length;
        hash.update(chunk);
      });
      stream.on('limit', () => {
        failure = new AppError('payload-too-large', `the file is larger than ${maxBytes} bytes`);
      });
      stream.pipe(out);
      pending = new Promise((done, fail) => {
        out.on('finish', () =>
          done({
            type: type ?? '',
            fileName,
            size,
            sha256: hash.digest('hex'),
            head: Buffer.concat(headParts),
            tempFile,
          }),
        );
        out.on('error', fail);
      });
    });
    bb.on('error', (e) => reject(new AppError('bad-request', `malformed upload: ${(e as Error).message}`)));
    bb.on('close', () => {
      if (!pending) return reject(failure ?? new AppError('bad-request', 'the upload has no "file" field'));
      pending.then(async (file) => {
        if (failure) {
          await fs.promises.rm(file.tempFile, { force: true });
          return reject(failure);
        }
        resolve({ ...file, type: type ?? file.type });
      }, reject);
    });
    req.pipe(bb);
  });
}

function mayUpload(user: AuthUser): boolean {
  return user.roles.some(
    (r) => r === Role.DepartmentApplicant || r === Role.AgencyOfficer || r === Role.Administrator,
  );
}

export async function uploadDocument(
  ds: DataSource,
  storage: DocumentStorage,
  user: AuthUser,
  projectCode: string,
  req: Request,
  maxBytes: number,
): Promise<DocumentRow> {
  await getProject(ds, user, projectCode); // 404 for a project the user may not see
  if (!mayUpload(user)) throw new AppError('forbidden', 'your role may not upload project documents');
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
    return await ds.transaction(async (tx) => {
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
        uploadedAt: new Date(),
      };
      const { identifiers } = await tx.getRepository(DocumentEntity).insert(doc);
      await appendAudit(tx, {
        actor: user.username,
        action: 'document.upload',
        entityType: 'project',
        entityId: projectCode,
        beforeState: null,
        afterState: { ...doc, id: String(identifiers[0]!.id) },
      });
      return { ...doc, id: String(identifiers[0]!.id) };
    });
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
