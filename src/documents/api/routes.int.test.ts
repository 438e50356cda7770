import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { openDataSource, signedIn, submittedProject, testApp, testConfig } from '../../shared/testing';
import { serve } from '../../shared/testing/browser';
import { Role } from '../../users';
import { DocumentEntity } from '../data-access/document.entity';
import { LocalFileStorage } from '../storage';

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(2048), Buffer.from('\n%%EOF\n')]);
const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), crypto.randomBytes(512)]);
/**
 * This suite's own document store: the checks below count every temporary file in it and every
 * descriptor open on one, so no other suite's uploads (the integration suites share this process)
 * may be counted with them.
 */
let storeDir = '';
const tmpDir = () => path.join(storeDir, 'tmp');
const partFiles = () => fs.readdirSync(tmpDir()).filter((f) => f.endsWith('.part'));
/** Descriptors of this process (which runs the app under test) open on a temporary upload file of the store. */
const partDescriptors = () =>
  fs.readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(`${tmpDir()}/`) && /\.part( \(deleted\))?$/.test(target) ? [target] : [];
    } catch {
      return []; // closed while listing
    }
  });
/** What an upload left behind: temporary files and open descriptors, named. */
const leftovers = () => [
  ...partFiles().map((f) => `file ${f}`),
  ...partDescriptors().map((t) => `descriptor on ${path.basename(t)}`),
];

/** Waits until `condition` holds; fails with `what` and the leftovers seen then after `timeoutMs`. */
async function until(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for: ${what} (seen: ${leftovers().join(', ')})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('/api/projects/{code}/documents', () => {
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let code: string;

  let PSB: string;
  let EDU: string;

  /** The app on this suite's store (documents up to 64 KiB), with other dependencies overridden. */
  const appOnStore = (overrides: Parameters<typeof testApp>[1] = {}) =>
    testApp(ds, {
      documents: { storage: new LocalFileStorage(storeDir), maxBytes: 64 * 1024 },
      ...overrides,
    });

  beforeAll(async () => {
    const base = path.join(testConfig().DATA_DIR, 'test');
    fs.mkdirSync(base, { recursive: true });
    storeDir = fs.realpathSync(fs.mkdtempSync(path.join(base, 'documents-suite-')));
    ds = await openDataSource();
    app = appOnStore();
    PSB = await signedIn(ds, 'doc-psb', [Role.DepartmentApplicant], { departmentCode: 'psb' });
    EDU = await signedIn(ds, 'doc-edu', [Role.DepartmentApplicant], { departmentCode: 'edu' });
    code = await submittedProject(app, PSB, { title: '警务数据共享平台', category: 'resource' });
  });
  afterAll(async () => {
    await ds.destroy();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  const documentCount = () => ds.getRepository(DocumentEntity).countBy({ projectCode: code });
  const upload = (auth: string, file: Buffer, name: string, type = 'feasibility-study') =>
    request(app)
      .post(`/api/projects/${code}/documents`)
      .set('authorization', auth)
      .field('type', type)
      .attach('file', file, name);

  it('stores versions with their SHA-256, and serves the same bytes back', async () => {
    const first = await upload(PSB, pdf, '可行性研究报告.pdf');
    const second = await upload(PSB, pdf, '可行性研究报告-修订.pdf');

    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      type: 'feasibility-study',
      version: 1,
      fileName: '可行性研究报告.pdf',
      contentType: 'application/pdf',
      size: String(pdf.length),
      sha256: crypto.createHash('sha256').update(pdf).digest('hex'),
      uploadedBy: 'doc-psb',
    });
    expect(second.body.version).toBe(2);

    const download = await request(app)
      .get(`/api/projects/${code}/documents/${first.body.id}`)
      .set('authorization', PSB)
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => done(null, Buffer.concat(parts)));
      });
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
    expect(download.headers['content-disposition']).toContain(encodeURIComponent('可行性研究报告.pdf'));

    const timeline = await request(app).get(`/api/projects/${code}/timeline`).set('authorization', PSB);
    expect(
      timeline.body.events.filter((e: { action?: string }) => e.action === 'document.upload'),
    ).toHaveLength(2);
  });

  /** A multipart body written by hand: test clients strip paths from file names themselves. */
  const rawUpload = (fileName: string, file: Buffer) => {
    const boundary = '----egov-test-boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nother\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return request(app)
      .post(`/api/projects/${code}/documents`)
      .set('authorization', PSB)
      .set('content-type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
  };

  it.each([
    [
      'an oversized file',
      () => upload(PSB, Buffer.concat([pdf, Buffer.alloc(70 * 1024)]), 'big.pdf'),
      413,
      /larger than 65536 bytes/,
    ],
    [
      'an executable',
      () => upload(PSB, pdf, 'setup.exe'),
      400,
      /only PDF, OFD, DOCX, XLSX and ZIP files are accepted/,
    ],
    [
      'a path in the file name',
      () => rawUpload('../../etc/passwd.pdf', pdf),
      400,
      /must not contain path separators/,
    ],
    [
      'a Windows path in the file name',
      () => rawUpload('..\\..\\boot.pdf', pdf),
      400,
      /must not contain path separators/,
    ],
    [
      'a ZIP disguised as PDF',
      () => upload(PSB, zip, 'report.pdf'),
      400,
      /the content of report.pdf is not a PDF file/,
    ],
    ['an unknown document type', () => upload(PSB, pdf, 'a.pdf', 'selfie'), 400, /type must be one of/],
    [
      'no file',
      () =>
        request(app).post(`/api/projects/${code}/documents`).set('authorization', PSB).field('type', 'other'),
      400,
      /no "file" field/,
    ],
    [
      'a JSON body',
      () =>
        request(app).post(`/api/projects/${code}/documents`).set('authorization', PSB).send({ file: 'x' }),
      400,
      /multipart\/form-data/,
    ],
  ])('refuses %s, keeping nothing', async (_what, send, status, reason) => {
    const before = await documentCount();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body.detail).toMatch(reason);
    expect(await documentCount()).toBe(before);
    expect(fs.readdirSync(tmpDir())).toEqual([]);
  });

  it('given uploads of one kind side by side, then each gets its own version and none fails', async () => {
    // (the database breaks the lock cycle of two such transactions by rolling one back: it runs again)
    const answers = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) => upload(PSB, pdf, `并发上传-${n}.pdf`, 'implementation-plan')),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(answers.map((a) => a.body.version as number).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('accepts OFD, DOCX, XLSX and ZIP by their container signature', async () => {
    for (const name of ['方案.ofd', '方案.docx', '预算.xlsx', '附件.zip']) {
      const res = await upload(PSB, zip, name, 'other');
      expect(res.status).toBe(201);
    }
  });

  it('answers another department exactly as for a missing project', async () => {
    const res = await upload(EDU, pdf, 'x.pdf');
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe(`no project ${code} that you may see`);
    const list = await request(app).get(`/api/projects/${code}/documents`).set('authorization', EDU);
    expect(list.status).toBe(404);
  });

  describe('streams that break', () => {
    const boundary = 'B';
    const filePart = (name = 'a.pdf') =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`;
    const typePart = `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nother\r\n`;
    const multipart = (body: string | Buffer, contentType = `multipart/form-data; boundary=${boundary}`) =>
      request(app)
        .post(`/api/projects/${code}/documents`)
        .set('authorization', PSB)
        .set('content-type', contentType)
        .send(Buffer.from(body));

    it.each([
      ['a body that ends without its closing boundary', `${filePart()}%PDF-1.7`],
      ['a body that ends inside the file part', Buffer.concat([Buffer.from(typePart + filePart()), pdf])],
      ['a body that ends inside a part header', `${typePart}--${boundary}\r\nContent-Disposition: form-da`],
      ['a body that ends right after a boundary', `${typePart}--${boundary}`],
      ['a body of nothing but a boundary', `--${boundary}\r\n`],
      ['an empty body', ''],
      ['a part header without a blank line', `--${boundary}\r\nContent-Disposition: form-data; name="file"`],
    ])('answers %s with 400, keeping nothing, and stays up', async (_what, body) => {
      // given the documents stored so far
      const before = await documentCount();

      // when the malformed form arrives
      const res = await multipart(body);

      // then it is a client error with a reason, nothing is stored, no temporary file stays
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toMatch(/upload|"file"/);
      expect(await documentCount()).toBe(before);
      await until('no temporary upload file or descriptor', () => leftovers().length === 0);
      // and the API still serves
      expect(
        (await request(app).get(`/api/projects/${code}/documents`).set('authorization', PSB)).status,
      ).toBe(200);
    });

    it('answers a multipart type without a boundary with 400', async () => {
      const res = await multipart(`${filePart()}%PDF-1.7`, 'multipart/form-data');
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/boundary/i);
    });

    it('leaves no temporary file when the client is gone before the server reads the body', async () => {
      // given a running server and uploads that are cut off at once, while the server still checks
      // the user and the project (the request has closed before the body is read)
      const server = await serve(app);
      try {
        const port = Number(new URL(server.url).port);
        for (let i = 0; i < 20; i += 1) {
          const socket = net.connect(port, '127.0.0.1');
          socket.on('error', () => undefined);
          // when the whole head and the start of the file arrive and the connection drops
          socket.write(
            `POST /api/projects/${code}/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${PSB}\r\n` +
              `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 60000\r\n\r\n` +
              typePart +
              filePart() +
              pdf.subarray(0, 1024).toString('latin1'),
            'latin1',
            () => socket.destroy(),
          );
        }
        // then (once the server has seen them all: it answers the next request) no file stays behind
        const list = await fetch(`${server.url}/api/projects/${code}/documents`, {
          headers: { authorization: PSB },
        });
        expect(list.status).toBe(200);
        await until('the temporary files to go', () => leftovers().length === 0);
      } finally {
        await server.stop();
      }
    });

    it('removes the temporary file and closes its descriptor when the client aborts mid-upload', async () => {
      // given a running server and an upload that has started writing its temporary file
      const server = await serve(app);
      try {
        const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
        socket.on('error', () => undefined);
        socket.write(
          `POST /api/projects/${code}/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${PSB}\r\n` +
            `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 60000\r\n\r\n`,
        );
        socket.write(typePart + filePart());
        socket.write(pdf.subarray(0, 1024));
        // (positive control: the file and its descriptor are seen while the upload runs)
        await until(
          'the upload to open its temporary file',
          () => partFiles().length === 1 && partDescriptors().length === 1,
        );

        // when the client goes away before the body is complete
        socket.destroy();

        // then the temporary file is removed and its descriptor closed
        await until('the temporary file to go', () => leftovers().length === 0);
        // and the server goes on serving
        const list = await fetch(`${server.url}/api/projects/${code}/documents`, {
          headers: { authorization: PSB },
        });
        expect(list.status).toBe(200);
      } finally {
        await server.stop();
      }
    });

    it('answers a document whose stored content is missing with a logged 500 problem, and stays up', async () => {
      // given a document whose stored file has been lost (content unique to this test)
      const lost = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(256)]);
      const uploaded = await upload(PSB, lost, '丢失的文件.pdf', 'other');
      expect(uploaded.status).toBe(201);
      const sha256 = uploaded.body.sha256 as string;
      fs.rmSync(path.join(storeDir, sha256.slice(0, 2), sha256));
      const lines: string[] = [];
      const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
      const logged = appOnStore({ log });

      // when it is downloaded
      const res = await request(logged)
        .get(`/api/projects/${code}/documents/${uploaded.body.id}`)
        .set('authorization', PSB);

      // then the answer is a problem document naming the inconsistency, not a crash
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: 'urn:egov-approvals:problem:document-content-missing',
        status: 500,
      });
      expect(res.body.detail).toContain(`document ${uploaded.body.id} of project ${code}`);
      // and it is logged at error level
      const entries = lines.map((l) => JSON.parse(l) as { level: number; msg: string });
      expect(entries).toContainEqual(
        expect.objectContaining({ level: 50, msg: expect.stringContaining(sha256) }),
      );
      // and the other documents are still served
      const list = await request(logged).get(`/api/projects/${code}/documents`).set('authorization', PSB);
      expect(list.status).toBe(200);
    });
  });
});
