import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareVersions, verifySha1 } from './camunda-dist';

describe('verifySha1', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-'));
    file = path.join(dir, 'camunda-zeebe-8.6.0.tar.gz');
    fs.writeFileSync(file, 'archive bytes');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sha1 = (s: string) => crypto.createHash('sha1').update(s).digest('hex');

  it('accepts a file matching the published digest', async () => {
    fs.writeFileSync(`${file}.sha1`, `${sha1('archive bytes')}  camunda-zeebe-8.6.0.tar.gz\n`);
    await expect(verifySha1(file)).resolves.toBeUndefined();
  });

  it('rejects a partial or corrupt download', async () => {
    fs.writeFileSync(`${file}.sha1`, sha1('archive bytes, all of them'));
    await expect(verifySha1(file)).rejects.toThrow(/checksum mismatch for camunda-zeebe-8.6.0.tar.gz/);
  });

  it('rejects a download without a published checksum', async () => {
    await expect(verifySha1(file)).rejects.toThrow(/no published checksum/);
  });
});

describe('compareVersions', () => {
  it('orders releases numerically and pre-releases before their release', () => {
    const sorted = ['8.10.0', '8.6.0', '8.9.2', '8.6.0-alpha1', '8.5.8', '8.9.10'].sort(compareVersions);
    expect(sorted).toEqual(['8.5.8', '8.6.0-alpha1', '8.6.0', '8.9.2', '8.9.10', '8.10.0']);
  });
});
