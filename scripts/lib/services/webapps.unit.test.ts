import { loadConfig } from '../../../src/shared/config';
import { createWebapp, webappPorts, webappSettings } from './webapps';

type Settings = {
  server: { address: string; port: number };
  management: { server: { address: string; port: number } };
  camunda: {
    identity: { type: string; issuer: string; audience: string; clientId: string };
    operate?: Record<string, unknown>;
    tasklist?: {
      archiverEnabled: boolean;
      identity: { userAccessRestrictionsEnabled: boolean; redirectRootUrl: string };
      zeebe: { restAddress: string };
      zeebeOpenSearch: { prefix: string };
    };
  };
  zeebe: { gateway: { network: { host: string; port: number }; cluster: { host: string; port: number } } };
};

describe('web apps', () => {
  const config = loadConfig({ OPERATE_PORT: '18081', TASKLIST_PORT: '18082', KEYCLOAK_PORT: '18180' });

  it('given both apps, then every port each binds is distinct, and none is the broker default 26500/26502', () => {
    const all = (['operate', 'tasklist'] as const).flatMap((a) =>
      Object.values(createWebapp(config, a, '/tmp/x').ports()),
    );
    expect(new Set(all).size).toBe(8);
    expect(all).not.toContain(26500);
    expect(all).not.toContain(26502);
  });

  it('given Tasklist, then it binds loopback only behind its guard, filters by group, runs without archiver and signs in with Keycloak', () => {
    const s = webappSettings(config, 'tasklist') as Settings;
    // its own port is the public one + 40: the guard listens on the public one, and sign-in returns there
    expect(s.server).toEqual({ address: '127.0.0.1', port: 18122 });
    expect(s.camunda.tasklist!.identity.redirectRootUrl).toBe('http://127.0.0.1:18082');
    expect(s.management.server.address).toBe('127.0.0.1');
    expect(s.zeebe.gateway.network.host).toBe('127.0.0.1');
    expect(s.zeebe.gateway.cluster).toMatchObject({
      host: '127.0.0.1',
      port: webappPorts(config, 'tasklist').cluster,
    });
    expect(s.camunda.tasklist!.archiverEnabled).toBe(false);
    expect(s.camunda.tasklist!.identity.userAccessRestrictionsEnabled).toBe(true);
    expect(s.camunda.tasklist!.zeebeOpenSearch.prefix).toBe('zeebe-record');
    expect(s.camunda.identity).toMatchObject({
      type: 'KEYCLOAK',
      issuer: 'http://127.0.0.1:18180/realms/egov',
      audience: 'tasklist-api',
      clientId: 'camunda-webapps',
    });
  });

  it('given Operate, then its audience is operate-api and it has no Tasklist settings', () => {
    const s = webappSettings(config, 'operate') as Settings;
    expect(s.camunda.identity.audience).toBe('operate-api');
    expect(s.camunda.tasklist).toBeUndefined();
    expect(s.camunda.operate).toMatchObject({ database: 'opensearch' });
  });
});
