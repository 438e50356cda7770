import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalFileStorage } from '.';

describe('LocalFileStorage', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-storage-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('removes the temporary files of uploads whose process has died, and only those', () => {
    // given a temporary file of a process that has exited, one of this process, and another file
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    fs.mkdirSync(path.join(root, 'tmp'));
    const orphan = path.join(root, 'tmp', `${dead}-1-abc.part`);
    const ours = path.join(root, 'tmp', `${process.pid}-1-def.part`);
    const other = path.join(root, 'tmp', 'notes.txt');
    for (const f of [orphan, ours, other]) fs.writeFileSync(f, 'x');

    // when the storage opens
    new LocalFileStorage(root);

    // then only the dead process's upload is gone
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(ours)).toBe(true);
    expect(fs.existsSync(other)).toBe(true);
  });

  it('answers undefined for content it does not have, and streams what it has', async () => {
    const storage = new LocalFileStorage(root);
    const sha = 'a'.repeat(64);
    await expect(storage.read(sha)).resolves.toBeUndefined();

    const temp = storage.tempFile();
    fs.writeFileSync(temp, 'content');
    await storage.adopt(temp, sha);
    const stream = (await storage.read(sha))!;
    const parts: Buffer[] = [];
    for await (const chunk of stream) parts.push(chunk as Buffer);
    expect(Buffer.concat(parts).toString()).toBe('content');
  });
});
