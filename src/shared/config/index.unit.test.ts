import fs from 'node:fs';
import path from 'node:path';
import { describeSettings, loadConfig, paths } from '.';

describe('loadConfig', () => {
  it('gives every setting a working default', () => {
    // given an empty environment
    // when the config is loaded
    const c = loadConfig({});

    // then the documented defaults apply
    expect(c.CAMUNDA_GRPC_PORT).toBe(26500);
    expect(c.CAMUNDA_TIMEZONE).toBe('Asia/Shanghai');
    expect(c.CAMUNDA_CLOCK_CONTROLLED).toBe(false);
    expect(c.DATABASE_URL).toBe('mysql://root@127.0.0.1:3306/egov_approvals');
    expect(c.WORKER_MODE).toBe('stream');
    expect(describeSettings().every((s) => s.default !== '(required)')).toBe(true);
  });

  it('parses booleans and numbers from strings', () => {
    const c = loadConfig({ CAMUNDA_CLOCK_CONTROLLED: 'true', API_PORT: '4000', DB_AUTOSTART: 'no' });
    expect(c.CAMUNDA_CLOCK_CONTROLLED).toBe(true);
    expect(c.API_PORT).toBe(4000);
    expect(c.DB_AUTOSTART).toBe(false);
  });

  it('rejects bad values with one message naming each variable', () => {
    // given two invalid settings
    const env = { API_PORT: '70000', WORKER_MODE: 'push', CAMUNDA_VERSION: 'latest' };

    // when loaded
    let message = '';
    try {
      loadConfig(env);
    } catch (e) {
      message = (e as Error).message;
    }

    // then one error lists each of them with its reason
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toMatch(/API_PORT: Too big/);
    expect(message).toMatch(/WORKER_MODE: Invalid option/);
    expect(message).toMatch(/CAMUNDA_VERSION: Invalid string/);
  });

  it('requires the JWKS URL when an OIDC issuer is set', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://sso.example.gov.cn/realms/egov' })).toThrow(
      /OIDC_JWKS_URL: required when OIDC_ISSUER is set/,
    );
    expect(loadConfig({}).OIDC_ISSUER).toBe('');
  });

  it('sets deliberate server timeouts, and refuses a headers timeout longer than the request timeout', () => {
    // given the defaults: not Node's (60 s headers, 300 s request, 5 s keep-alive checked every 30 s)
    const c = loadConfig({});
    expect([c.API_HEADERS_TIMEOUT_MS, c.API_REQUEST_TIMEOUT_MS, c.API_KEEPALIVE_TIMEOUT_MS]).toEqual([
      10_000, 120_000, 5_000,
    ]);
    // when the headers may take longer than the whole request, the configuration is refused
    expect(() => loadConfig({ API_HEADERS_TIMEOUT_MS: '30000', API_REQUEST_TIMEOUT_MS: '20000' })).toThrow(
      /API_HEADERS_TIMEOUT_MS: must not exceed API_REQUEST_TIMEOUT_MS/,
    );
  });

  it('describes every setting for the README', () => {
    const names = describeSettings().map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'CAMUNDA_VERSION', 'CAMUNDA_HEAP', 'WORKER_MODE']),
    );
    expect(describeSettings().every((s) => s.description.length > 10)).toBe(true);
  });
});

describe('README', () => {
  it('documents every setting in its configuration table', () => {
    const readme = fs.readFileSync(path.join(paths.repoRoot, 'README.md'), 'utf8');
    const missing = describeSettings().filter((s) => !new RegExp(`\\|\\s*\`${s.name}\`\\s*\\|`).test(readme));
    expect(missing.map((s) => s.name)).toEqual([]);
  });
});
