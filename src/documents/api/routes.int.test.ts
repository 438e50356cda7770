import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { openDataSource, signedIn, submittedProject, testApp, testConfig } from '../../shared/testing';
import { Role } from '../../users';
import { DocumentEntity } from '../data-access/document.entity';

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(2048), Buffer.from('\n%%EOF\n')]);
const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), crypto.randomBytes(512)]);
const tmpDir = () => path.join(testConfig().DATA_DIR, 'test', 'documents', 'tmp');

describe('/api/projects/{code}/documents', () => {
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let code: string;

  let PSB: string;
  let EDU: string;

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds); // documents up to 64 KiB in tests
    PSB = await signedIn(ds, 'doc-psb', [Role.DepartmentApplicant], { departmentCode: 'psb' });
    EDU = await signedIn(ds, 'doc-edu', [Role.DepartmentApplicant], { departmentCode: 'edu' });
    code = await submittedProject(app, PSB, { title: '警务数据共享平台', category: 'resource' });
  });
  afterAll(() => ds.destroy());

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
});
