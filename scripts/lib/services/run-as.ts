/**
 * Services that refuse to run as root (OpenSearch) are started as an unprivileged user when the
 * scripts run as root: `setpriv` (util-linux) switches user, group and drops supplementary groups
 * before exec, so the pid the scripts see is the service's own.
 */
import { spawnSync } from 'node:child_process';
import type { LaunchSpec } from './service';

export interface RunAs {
  user: string;
  uid: number;
  gid: number;
}

function idOf(user: string, flag: '-u' | '-g'): number | undefined {
  const r = spawnSync('id', [flag, user], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return r.status === 0 && Number.isInteger(n) ? n : undefined;
}

/** The user to switch to when running as root (`undefined` when the scripts are not root). */
export function unprivilegedUser(
  user: string,
  setting: string,
  currentUid: number | undefined = process.getuid?.(),
): RunAs | undefined {
  if (currentUid !== 0) return undefined;
  const uid = idOf(user, '-u');
  const gid = idOf(user, '-g');
  if (uid === undefined || gid === undefined) {
    throw new Error(
      `The scripts run as root, so the service is started as ${setting}="${user}", but no such user exists.\n` +
        `Create one ("useradd --system --no-create-home ${user}") or set ${setting} to an existing unprivileged user.`,
    );
  }
  if (uid === 0) throw new Error(`${setting}="${user}" is root; choose an unprivileged user.`);
  if (spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      'setpriv (util-linux) is needed to start the service as an unprivileged user: apt-get install util-linux',
    );
  }
  return { user, uid, gid };
}

/** The same launch, as `runAs` when given. */
export function asUser(spec: LaunchSpec, runAs: RunAs | undefined): LaunchSpec {
  if (!runAs) return spec;
  return {
    ...spec,
    command: 'setpriv',
    args: [
      `--reuid=${runAs.uid}`,
      `--regid=${runAs.gid}`,
      '--clear-groups',
      '--',
      spec.command,
      ...spec.args,
    ],
  };
}

/** Can `runAs` read this file (every folder above it traversable)? */
export function canRead(runAs: RunAs, file: string): boolean {
  return (
    spawnSync('setpriv', [
      `--reuid=${runAs.uid}`,
      `--regid=${runAs.gid}`,
      '--clear-groups',
      '--',
      'test',
      '-r',
      file,
    ]).status === 0
  );
}

/** Hands a folder (and everything in it) to `runAs`, so the service can write its data there. */
export function giveTo(runAs: RunAs, dir: string): void {
  const r = spawnSync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not hand ${dir} to ${runAs.user}: ${r.stderr.trim()}`);
}
