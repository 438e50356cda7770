import { loadConfig } from '../../../src/shared/config';
import { testOverrides } from '../test-profile';
import { scenarioOverrides, scenarioProfile } from './stack';

describe("the scenario runner's own stack", () => {
  const base = loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/egov', TEST_STACK_SLOT: '6' });

  it("uses the test profile on ports 500 above the test stack's, in the same slot", () => {
    const test = testOverrides(base);
    const own = scenarioOverrides(base);
    expect(own.CAMUNDA_GRPC_PORT).toBe(String(Number(test.CAMUNDA_GRPC_PORT) + 500));
    expect(own.OPENSEARCH_HTTP_PORT).toBe('25700');
    expect(own.TASKLIST_PORT).toBe('24582');
    expect(own.CAMUNDA_CLOCK_CONTROLLED).toBe('true');
    expect(own.CAMUNDA_WEBAPPS).toBe('true');
    const ports = Object.entries(own)
      .filter(([k]) => k.endsWith('_PORT'))
      .map(([, v]) => v);
    const testPorts = new Set(
      Object.entries(test)
        .filter(([k]) => k.endsWith('_PORT'))
        .map(([, v]) => v),
    );
    expect(ports.filter((p) => testPorts.has(p))).toEqual([]);
  });

  it('has a database and a data folder of its own', () => {
    expect(new URL(scenarioOverrides(base).DATABASE_URL!).pathname).toBe('/egov_scenario_6');
    expect(scenarioProfile(base).profileDir).toMatch(/[/\\]scenario-6$/);
    const slot0 = loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/egov', TEST_STACK_SLOT: '0' });
    expect(new URL(scenarioOverrides(slot0).DATABASE_URL!).pathname).toBe('/egov_scenario');
  });
});
