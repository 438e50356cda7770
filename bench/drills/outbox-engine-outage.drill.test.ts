import { outboxDrill } from './outbox-engine-outage';

describe('drill: outbox under an engine outage', () => {
  it('accepts proposals while Camunda is down and starts exactly one lifecycle each when it returns', async () => {
    // given the drill's Camunda down
    // when 20 proposals are submitted through the API, then Camunda starts
    const r = await outboxDrill(20, (line) => process.stdout.write(`${line}\n`));

    // then every submission was accepted, and each project got exactly one lifecycle instance
    expect(r.submitFailures).toEqual([]);
    expect(r).toMatchObject({ started: 20, completed: 20, lost: 0, duplicated: 0 });
  }, 420_000);
});
