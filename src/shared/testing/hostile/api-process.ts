/**
 * The real API as a child process (`tsx src/main.ts`), on a free port, with a data folder of its
 * own: the hostile-request run talks to it over TCP and watches whether it stays alive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { paths } from '../../config';

export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export interface ApiProcess {
  port: number;
  dataDir: string;
  /** the last lines the process wrote (logs), for the report */
  output: () => string[];
  /** how many lines it has written so far */
  lineCount: () => number;
  /** the exit code or signal once it has exited */
  exited: () => string | undefined;
  stop: () => Promise<void>;
}

export async function startApi(env: Record<string, string> = {}, dataDir?: string): Promise<ApiProcess> {
  const port = await freePort();
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'egov-hostile-'));
  const lines: string[] = [];
  let total = 0;
  let exit: string | undefined;
  const child: ChildProcess = spawn(
    path.join(paths.repoRoot, 'node_modules', '.bin', 'tsx'),
    [path.join(paths.repoRoot, 'src', 'main.ts')],
    {
      cwd: paths.repoRoot,
      env: {
        ...process.env,
        LOG_PRETTY: 'false',
        // the hostile requests sign fixture accounts in with Basic (README, "One identity")
        API_BASIC_AUTH: 'true',
        ...env,
        API_PORT: String(port),
        API_HOST: '127.0.0.1',
        DATA_DIR: dir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = (chunk: Buffer) => {
    const added = chunk.toString('utf8').split('\n').filter(Boolean);
    total += added.length;
    lines.push(...added);
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((r) =>
    child.once('exit', (code, signal) => {
      exit = signal ?? `exit code ${code}`;
      r();
    }),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exit) throw new Error(`the API exited while starting (${exit}):\n${lines.slice(-20).join('\n')}`);
    const up = await fetch(`http://127.0.0.1:${port}/health`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not answer within 60 s:\n${lines.slice(-20).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    port,
    dataDir: dir,
    output: () => [...lines],
    lineCount: () => total,
    exited: () => exit,
    stop: async () => {
      if (exit) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
