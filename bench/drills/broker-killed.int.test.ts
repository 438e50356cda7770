import { brokerKilledDrill } from './broker-killed';

describe('drill: broker killed', () => {
  it('completes every instance in flight once the broker is back, with no side effect written twice', async () => {
    // given 50 instances in flight, a quarter of their side effects written
    // when the broker is SIGKILLed and restarted on the same data
    const counts = await brokerKilledDrill(50, () => undefined);

    // then the broker was killed mid-run (positive control), and nothing is lost or duplicated
    expect(counts.effectsBeforeKill).toBeGreaterThan(0);
    expect(counts.effectsBeforeKill).toBeLessThan(50);
    expect(counts).toMatchObject({ started: 50, completed: 50, lost: 0, duplicated: 0 });
  }, 480_000);
});
