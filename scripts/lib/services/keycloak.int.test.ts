/**
 * A real Keycloak from Maven Central on its own free ports and a temporary folder (never the dev
 * or test instance): it issues tokens to its bootstrap administrator and stops leaving nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/shared/config';
import { freePortBlock, isPortFree, TEST_SERVICE_PORTS } from '../ports';
import { createKeycloak, keycloakUrl } from './keycloak';
import { descendants, isAlive, startService, type RunningService } from './service';

describe('Keycloak service', () => {
  let dir: string;
  let url: string;
  let port: number;
  let keycloak: RunningService;
  const admin = { user: 'int-admin', password: 'int-secret' };

  beforeAll(async () => {
    // given an instance of its own: a free port pair, a fresh folder, its own administrator
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keycloak-int-'));
    port = await freePortBlock([1], TEST_SERVICE_PORTS);
    const config = loadConfig({
      ...process.env,
      KEYCLOAK_PORT: String(port),
      KEYCLOAK_ADMIN: admin.user,
      KEYCLOAK_ADMIN_PASSWORD: admin.password,
    });
    url = keycloakUrl(config);
    const service = createKeycloak(config, path.join(dir, 'keycloak'));
    await service.ensure();

    // when it is started
    const t = Date.now();
    keycloak = await startService(service);
    console.log(`Keycloak: start to ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }, 600_000);

  afterAll(async () => {
    await keycloak?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes its OpenID configuration on loopback', async () => {
    const res = await fetch(`${url}/realms/master/.well-known/openid-configuration`);
    const body = (await res.json()) as { issuer: string; jwks_uri: string };
    expect(body.issuer).toBe(`${url}/realms/master`);
    expect(body.jwks_uri).toBe(`${url}/realms/master/protocol/openid-connect/certs`);
  });

  it('issues a token to the configured administrator and refuses a wrong password', async () => {
    const token = (password: string) =>
      fetch(`${url}/realms/master/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({
          client_id: 'admin-cli',
          grant_type: 'password',
          username: admin.user,
          password,
        }),
      });
    const ok = await token(admin.password);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { access_token: string }).access_token.split('.')).toHaveLength(3);
    const refused = await token('wrong');
    expect(refused.ok).toBe(false);
    expect(((await refused.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('stops cleanly: both ports free, no process left', async () => {
    const tree = [keycloak.pid, ...descendants(keycloak.pid)];
    await keycloak.stop();
    expect(await isPortFree(port)).toBe(true);
    expect(await isPortFree(port + 1)).toBe(true);
    expect(tree.filter(isAlive)).toEqual([]);
  });
});
