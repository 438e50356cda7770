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
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
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
