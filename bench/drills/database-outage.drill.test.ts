import { databaseOutageDrill } from './database-outage';

describe('drill: database outage', () => {
  it('backs off while the database is down, answers the API at once, and completes everything after', async () => {
    // given the drill's private database down for 15 s
    // when 50 instances start meanwhile
    const r = await databaseOutageDrill(50, 15, () => undefined);

    // then jobs were retried (positive control: the outage was felt), but within the back-off
    // bound (no tight loop)
    expect(r.attemptsDuringOutage).toBeGreaterThan(0);
    expect(r.attemptsDuringOutage).toBeLessThanOrEqual(r.attemptBound);
    // and once the database is back every instance completes (no incident), each effect once
    expect(r).toMatchObject({ started: 50, completed: 50, lost: 0, duplicated: 0 });
    // and meanwhile the API answered at once: health 503, the project list a problem document, not a hang
    expect(r.health.status).toBe(503);
    expect(r.projects.status).toBe(503);
    expect(r.projects.contentType).toMatch(/^application\/problem\+json/);
  }, 420_000);
});
