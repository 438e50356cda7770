// Runs before `npm start` and `npm test` (pre-scripts): installs the npm packages when they are
// missing or older than package-lock.json, so the two README commands work on a fresh clone.
// Plain JavaScript on purpose: it must run before TypeScript tooling is installed.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

const stale = !fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs;
if (stale) {
  // `npm install`, not `npm ci`: the registry this project is built against does not serve other
  // platforms' optional binaries (e.g. @unrs/resolver-binding-android-*), so the lockfile cannot list
  // them and `npm ci` refuses it. `npm install` follows the lockfile and leaves it unchanged.
  console.log('Installing npm packages (npm install)…');
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
