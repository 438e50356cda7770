// Runs first in `npm start` and `npm test` (their commands call it, as npm skips pre-scripts under
// ignore-scripts): installs the npm packages when they are missing or older than
// package-lock.json, so the two README commands work on a fresh clone.
// Plain JavaScript on purpose: it must run before TypeScript tooling is installed.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

/** Documented opt-outs: @ibm/telemetry-js (Carbon, via form-js) and @scarf/scarf (swagger-ui-dist). */
const telemetryOptOut = { IBM_TELEMETRY_DISABLED: 'true', SCARF_ANALYTICS: 'false' };

const stale = !fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs;
if (stale) {
  // `npm install`, not `npm ci`: the registry this project is built against does not serve other
  // platforms' optional binaries (e.g. @unrs/resolver-binding-android-*), so the lockfile cannot list
  // them and `npm ci` refuses it. `npm install` follows the lockfile and leaves it unchanged.
  // No dependency's install script runs (the project's .npmrc sets ignore-scripts); the telemetry
  // opt-outs below are the packages' documented switches, in case scripts are ever enabled.
  console.log('Installing npm packages (npm install --ignore-scripts)…');
  execSync('npm install --ignore-scripts --no-audit --no-fund', {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...telemetryOptOut },
  });
}
