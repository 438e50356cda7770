import { brokerKilledDrill } from './broker-killed';

describe('drill: broker killed', () => {
  it('completes every instance in flight once the broker is back, with no side effect written twice', async () => {
    // given 50 instances in flight, at least a quarter of their side effects written
    // when the broker is SIGKILLed and restarted on the same data
    const counts = await brokerKilledDrill(50, () => undefined);

    // then nothing is lost or duplicated
    expect(counts).toMatchObject({ started: 50, completed: 50, lost: 0, duplicated: 0 });
    // and the broker was killed mid-run (positive control): effects written, instances not all complete
    expect(counts.effectsBeforeKill).toBeGreaterThan(0);
    expect(counts.completedBeforeKill).toBeLessThan(50);
  }, 480_000);
});
