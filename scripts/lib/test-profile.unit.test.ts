import { loadConfig, type Config } from '../../src/shared/config';
import { camundaPorts } from './camunda-runtime';
import { scenarioProfile } from './scenario/stack';
import { createKeycloak } from './services/keycloak';
import { createOpenSearch } from './services/opensearch';
import { createTasklistGuardService } from './services/tasklist-guard';
import { createWebapp } from './services/webapps';
import { testOverrides } from './test-profile';

/** Every port a stack of this configuration listens on, named by service. */
function listened(config: Config): Record<string, number> {
  const dir = '/nonexistent';
  return {
    ...camundaPorts(config),
    ...createOpenSearch(config, dir).ports(),
    ...createKeycloak(config, dir).ports(),
    ...createWebapp(config, 'operate', dir).ports(),
    ...createWebapp(config, 'tasklist', dir).ports(),
    ...createTasklistGuardService(config, dir).ports(),
    API: config.API_PORT,
    'private database': config.DB_PRIVATE_PORT,
  };
}

describe('the test profile', () => {
  const env = { DATABASE_URL: 'mysql://root@127.0.0.1:3306/egov' };
  const stacks = Array.from({ length: 10 }, (_, slot) => {
    const base = loadConfig({ ...env, TEST_STACK_SLOT: String(slot) });
    return [
      { name: `test stack, slot ${slot}`, config: loadConfig({ ...env, ...testOverrides(base) }) },
      { name: `scenario stack, slot ${slot}`, config: scenarioProfile(base).config },
    ];
  }).flat();

  it('listens below the ports Linux lends to outgoing connections (32768 and up), in every slot', () => {
    // given the test and scenario stacks of all ten slots
    // when every port they listen on is listed
    const high = stacks.flatMap(({ name, config }) =>
      Object.entries(listened(config))
        .filter(([, port]) => port >= 32_768)
        .map(([what, port]) => `${name}: ${what} ${port}`),
    );
    // then none lies in the range where an outgoing connection may hold it when the service binds
    expect(high).toEqual([]);
  });

  it('gives every port of every stack (all slots, and the dev defaults) to one service only', () => {
    // given the dev stack and the test and scenario stacks of all ten slots
    const all = [{ name: 'dev stack', config: loadConfig(env) }, ...stacks];
    // when their ports are put side by side
    const owner = new Map<number, string>();
    const clashes: string[] = [];
    for (const { name, config } of all)
      for (const [what, port] of Object.entries(listened(config))) {
        const other = owner.get(port);
        if (other) clashes.push(`${port}: ${other} and ${name} ${what}`);
        else owner.set(port, `${name} ${what}`);
      }
    // then no two of them meet
    expect(clashes).toEqual([]);
  });
});
