import { databaseOutageDrill } from './database-outage';

describe('drill: database outage', () => {
  it('backs off while the database is down, answers the API at once, and completes everything after', async () => {
    // given 50 instances running, a tenth of their side effects written
    // when the drill's private database is down for 15 s
    const r = await databaseOutageDrill(50, 15, () => undefined);

    // then the outage hit work in flight (positive control) and jobs were retried, but within the
    // back-off bound (no tight loop)
    expect(r.effectsBeforeOutage).toBeLessThan(50);
    expect(r.attemptsDuringOutage).toBeGreaterThan(0);
    expect(r.attemptsDuringOutage).toBeLessThanOrEqual(r.attemptBound);
    // and the API answered at once: health 503, the project list a problem document, not a hang
    expect(r.health.status).toBe(503);
    expect(r.projects.status).toBe(503);
    expect(r.projects.contentType).toMatch(/^application\/problem\+json/);
    // and once the database is back every instance completes (no incident), each effect once
    expect(r).toMatchObject({ started: 50, completed: 50, lost: 0, duplicated: 0 });
  }, 240_000);
});
