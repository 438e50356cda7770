/**
 * Where document contents live. Content-addressed by SHA-256, so a client's file name never
 * becomes a path and equal files are stored once. `LocalFileStorage` keeps them under the data
 * folder; an S3-compatible implementation of the same interface can replace it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface DocumentStorage {
  /** Moves a fully written, verified temporary file into storage under its digest. */
  adopt(tempFile: string, sha256: string): Promise<void>;
  /**
   * The stored content, opened (so a missing file is known before any answer starts), or
   * undefined when nothing is stored under that digest.
   */
  read(sha256: string): Promise<Readable | undefined>;
  /** A private temporary file name for an upload in progress. */
  tempFile(): string;
}

export class LocalFileStorage implements DocumentStorage {
  constructor(private readonly root: string) {
    const tmp = path.join(root, 'tmp');
    fs.mkdirSync(tmp, { recursive: true });
    // uploads cut off by a process that died (killed, power loss) never finished: their files go
    for (const name of fs.readdirSync(tmp)) {
      const pid = Number(/^(\d+)-.*\.part$/.exec(name)?.[1]);
      if (pid && !alive(pid)) fs.rmSync(path.join(tmp, name), { force: true });
    }
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256 digest');
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async adopt(tempFile: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    if (fs.existsSync(target)) {
      await fs.promises.rm(tempFile, { force: true }); // same content already stored
    } else {
      await fs.promises.rename(tempFile, target);
    }
  }

  async read(sha256: string): Promise<Readable | undefined> {
    let file: fs.promises.FileHandle;
    try {
      file = await fs.promises.open(this.pathOf(sha256), 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    return file.createReadStream(); // closes the descriptor at its end, or when destroyed
  }

  tempFile(): string {
    return path.join(
      this.root,
      'tmp',
      `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.part`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only asks whether the process exists
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, but belongs to someone else
  }
}
