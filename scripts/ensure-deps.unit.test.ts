/**
 * Supply chain (README, "Supply chain"): installing the npm packages runs no third-party install
 * script and leaves the dependencies' telemetry off, however the install is started — by hand
 * (`.npmrc`), by `npm start` / `npm test` (scripts/ensure-deps.js) or by CI (`.ci/run`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { paths } from '../src/shared/config';

const read = (file: string) => fs.readFileSync(path.join(paths.repoRoot, file), 'utf8');

/** npm's ini reading, as far as the project's file uses it: `key=value` lines, the last one wins. */
function npmrc(): Map<string, string> {
  const settings = new Map<string, string>();
  for (const line of read('.npmrc').split('\n')) {
    const m = /^\s*([^#;=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) settings.set(m[1]!, m[2]!);
  }
  return settings;
}

describe('.npmrc', () => {
  it('keeps dependencies from running install scripts (given the project file, then ignore-scripts is true)', () => {
    expect(npmrc().get('ignore-scripts')).toBe('true');
  });

  it('turns off what npm itself reports or fetches during an install', () => {
    const settings = npmrc();
    expect([settings.get('fund'), settings.get('audit'), settings.get('update-notifier')]).toEqual([
      'false',
      'false',
      'false',
    ]);
  });
});

describe('package.json', () => {
  const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;

  it('has no pre- or post-scripts, which npm skips under ignore-scripts', () => {
    expect(Object.keys(scripts).filter((name) => /^(pre|post)/.test(name) || name === 'install')).toEqual([]);
  });

  it.each(['start', 'test'])('`npm %s` installs missing packages itself first', (name) => {
    expect(scripts[name]).toMatch(/^node scripts\/ensure-deps\.js && /);
  });
});

describe('scripts/ensure-deps.js', () => {
  it('given no node_modules, when it runs, then it installs with --ignore-scripts and the telemetry opt-outs set', () => {
    // a copy of the script in an empty project, with a stand-in `npm` first on PATH that records
    // how it was called
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensure-deps-'));
    try {
      fs.mkdirSync(path.join(dir, 'scripts'));
      fs.mkdirSync(path.join(dir, 'bin'));
      fs.copyFileSync(
        path.join(paths.repoRoot, 'scripts', 'ensure-deps.js'),
        path.join(dir, 'scripts', 'ensure-deps.js'),
      );
      fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}');
      const record = path.join(dir, 'npm-call.json');
      fs.writeFileSync(
        path.join(dir, 'bin', 'npm'),
        `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({` +
          `args: process.argv.slice(2), ibm: process.env.IBM_TELEMETRY_DISABLED, scarf: process.env.SCARF_ANALYTICS }));\n`,
        { mode: 0o755 },
      );
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH}`,
      };
      delete env.IBM_TELEMETRY_DISABLED;
      delete env.SCARF_ANALYTICS;

      const r = spawnSync(process.execPath, [path.join(dir, 'scripts', 'ensure-deps.js')], {
        env,
        encoding: 'utf8',
      });

      expect(r.status).toBe(0);
      const call = JSON.parse(fs.readFileSync(record, 'utf8'));
      expect(call.args).toEqual(expect.arrayContaining(['install', '--ignore-scripts']));
      expect({ ibm: call.ibm, scarf: call.scarf }).toEqual({ ibm: 'true', scarf: 'false' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('.ci/run', () => {
  it('sets the telemetry opt-outs for everything it runs', () => {
    expect(read('.ci/run')).toMatch(/^export .*\bIBM_TELEMETRY_DISABLED=true\b.*\bSCARF_ANALYTICS=false\b/m);
  });
});
