import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auditTrail } from '../../audit';
import { recordDeadline } from '../../deadlines';
import { basic, openDataSource, signedIn, testApp } from '../../shared/testing';
import { Role } from '../../users';
import { CalendarYearEntity } from '../data-access/calendar.entities';

describe('/api/calendar', () => {
  let ds: DataSource;
  let app: ReturnType<typeof testApp>;
  let ADMIN: string;
  let OFFICER: string;

  beforeAll(async () => {
    ds = await openDataSource();
    app = testApp(ds);
    ADMIN = await signedIn(ds, 'cal-admin', [Role.CalendarAdmin]);
    OFFICER = await signedIn(ds, 'eib-officer', [Role.AgencyOfficer], { agencyCode: 'eib' });
  });
  afterAll(() => ds.destroy());

  const yearRow = (year: number) => ds.getRepository(CalendarYearEntity).findOneBy({ year });

  describe('authentication', () => {
    it('answers an anonymous call with 401 and a Basic challenge', async () => {
      const res = await request(app).get('/api/calendar/days/2025-10-01');
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm="egov-approvals"/);
      expect(res.body.detail).toBe('sign in: this API needs credentials');
    });

    it('answers wrong credentials with 401', async () => {
      const res = await request(app)
        .get('/api/calendar/days/2025-10-01')
        .set('authorization', basic('eib-officer', 'nope'));
      expect(res.status).toBe(401);
      expect(res.body.detail).toBe('wrong username or password');
    });
  });

  describe('reading', () => {
    it('describes a day with its source', async () => {
      const res = await request(app).get('/api/calendar/days/2025-10-06').set('authorization', OFFICER);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        date: '2025-10-06',
        weekday: 1,
        kind: 'holiday',
        working: false,
        name: '中秋',
        source: 'package',
        sourceDetail: expect.stringContaining('chinese-days'),
        provisional: false,
      });
    });

    it('adds working days across National Day 2025', async () => {
      const res = await request(app)
        .get('/api/calendar/working-days/add?from=2025-09-26&days=5')
        .set('authorization', OFFICER);
      expect(res.body).toEqual({
        from: '2025-09-26',
        days: 5,
        due: '2025-10-10',
        dueAt: '2025-10-10T15:59:59.000Z',
        provisional: false,
      });
    });

    it('lists a year and flags a year without official data as provisional', async () => {
      const official = await request(app).get('/api/calendar/years/2026').set('authorization', OFFICER);
      expect(official.body.status).toBe('official');
      expect(official.body.days).toHaveLength(365);
      expect(official.body.days.find((d: { date: string }) => d.date === '2026-02-28')).toMatchObject({
        kind: 'adjusted-workday',
      });
      const provisional = await request(app).get('/api/calendar/years/2031').set('authorization', OFFICER);
      expect(provisional.body.status).toBe('provisional');
      expect(provisional.body.days.every((d: { provisional: boolean }) => d.provisional)).toBe(true);
    });

    it('gives the pre-review session date, moved off a holiday', async () => {
      const res = await request(app)
        .get('/api/calendar/pre-review-sessions/2023-01')
        .set('authorization', OFFICER);
      expect(res.body).toMatchObject({
        month: '2023-01',
        nominal: '2023-01-26',
        date: '2023-01-28',
        moved: true,
      });
    });

    it.each([
      ['/api/calendar/days/2026-02-30', /date: must be a calendar date/],
      ['/api/calendar/days/1999-12-31', /must be between 2000-01-01 and 2100-12-31/],
      ['/api/calendar/working-days/add?from=2026-01-05&days=-1', /days: days must be ≥ 0/],
      ['/api/calendar/working-days/add?from=2026-01-05&days=1.5', /days: days must be a whole number/],
      ['/api/calendar/working-days/add?from=2026-01-05&days=99999', /days: days must be ≤ 2000/],
      ['/api/calendar/working-days/add?from=2100-12-20&days=30', /beyond 2100-12-31/],
      ['/api/calendar/working-days/add?from=2026-01-05&days=1&weeks=2', /Unrecognized key/],
      ['/api/calendar/years/20266', /year must be between 2000 and 2100/],
      ['/api/calendar/pre-review-sessions/2026-13', /month: must be a month YYYY-MM/],
    ])('answers %s with 400 and the reason', async (url, reason) => {
      const res = await request(app).get(url).set('authorization', OFFICER);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toMatch(reason);
    });
  });

  describe('changing a year (calendar administrators)', () => {
    // a year at least two ahead of today's (so its data is provisional and its deadlines still
    // open) in which, as in 2030, 1 Oct is a Tuesday; Sunday 29 Sep becomes a working day
    let Y = new Date().getUTCFullYear() + 2;
    while (new Date(Date.UTC(Y, 9, 1)).getUTCDay() !== 2) Y += 1;
    const schedule = {
      status: 'official',
      source: `国办发明电〔${Y - 1}〕1号 (test)`,
      days: [
        { date: `${Y}-09-29`, kind: 'adjusted-workday', name: '国庆节调休上班' },
        ...[1, 2, 3, 4, 5, 6, 7].map((d) => ({ date: `${Y}-10-0${d}`, kind: 'holiday', name: '国庆节' })),
      ],
    };

    it('refuses an officer with 403 and writes nothing', async () => {
      const res = await request(app)
        .put(`/api/calendar/years/${Y}`)
        .set('authorization', OFFICER)
        .send(schedule);
      expect(res.status).toBe(403);
      expect(res.body.detail).toBe('this needs one of the roles: calendar-admin, administrator');
      expect(await yearRow(Y)).toBeNull();
    });

    it.each([
      [
        'a wrong kind',
        { ...schedule, days: [{ date: `${Y}-10-01`, kind: 'day-off', name: 'x' }] },
        /days\.0\.kind/,
      ],
      [
        'a date twice',
        { ...schedule, days: [schedule.days[1], schedule.days[1]] },
        new RegExp(`days\\.1\\.date: ${Y}-10-01 is listed twice \\(also days\\.0\\)`),
      ],
      [
        'a date outside the year',
        { ...schedule, days: [{ date: `${Y + 1}-01-01`, kind: 'holiday', name: '元旦' }] },
        new RegExp(`${Y + 1}-01-01 is not in ${Y}`),
      ],
      [
        'an adjusted working day on a weekday',
        { ...schedule, days: [{ date: `${Y}-10-08`, kind: 'adjusted-workday', name: 'x' }] },
        new RegExp(`${Y}-10-08 is a weekday; only a weekend day can be an adjusted working day`),
      ],
      ['an unknown field', { ...schedule, approvedBy: 'me' }, /Unrecognized key/],
      [
        'an impossible date',
        { ...schedule, days: [{ date: `${Y}-02-30`, kind: 'holiday', name: 'x' }] },
        /must be a calendar date/,
      ],
      ['no source', { ...schedule, source: '' }, /source/],
    ])('rejects an upload with %s: 400, nothing written', async (_what, body, reason) => {
      for (const method of ['post', 'put'] as const) {
        const url = method === 'post' ? `/api/calendar/years/${Y}/preview` : `/api/calendar/years/${Y}`;
        const res = await request(app)[method](url).set('authorization', ADMIN).send(body);
        expect(res.status).toBe(400);
        expect(res.body.detail).toMatch(reason);
      }
      expect(await yearRow(Y)).toBeNull();
    });

    it('previews the changed days and the open deadlines that would move, writing nothing', async () => {
      // given an open deadline: 5 working days from Friday 27 Sep (provisional today: 4 Oct)
      await recordDeadline(
        ds,
        {
          processInstanceKey: '2251799813000001',
          elementInstanceKey: '2251799813000002',
          bpmnProcessId: 'technical-review',
          elementId: 'compute-first-review-due',
          projectCode: `LS-${Y}-0001`,
          ruleId: 'M11.1',
          rule: { workingDays: 5 },
          startAt: new Date(`${Y}-09-27T02:00:00Z`),
          dueAt: new Date(`${Y}-10-04T15:59:59Z`),
          dueDate: `${Y}-10-04`,
          provisional: true,
        },
        new Date(),
      );
      // and one in another year whose stored date an earlier schedule change already left behind
      // (today's calendar says Friday 5 Oct): this change does not move it
      await recordDeadline(
        ds,
        {
          processInstanceKey: '2251799813000003',
          elementInstanceKey: '2251799813000004',
          bpmnProcessId: 'technical-review',
          elementId: 'compute-first-review-due',
          projectCode: `LS-${Y - 1}-0001`,
          ruleId: 'M11.1',
          rule: { workingDays: 5 },
          startAt: new Date(`${Y - 1}-09-30T02:00:00Z`),
          dueAt: new Date(`${Y - 1}-10-09T15:59:59Z`),
          dueDate: `${Y - 1}-10-09`,
          provisional: true,
        },
        new Date(),
      );

      // when the administrator previews the schedule for that year
      const res = await request(app)
        .post(`/api/calendar/years/${Y}/preview`)
        .set('authorization', ADMIN)
        .send(schedule);

      // then it lists the 8 changed days and the deadline moving to Thursday 10 Oct (Sun 29 Sep, Mon 30 Sep, 8–10 Oct) — and writes nothing
      expect(res.status).toBe(200);
      expect(res.body.status).toEqual({ before: 'provisional', after: 'official' });
      expect(res.body.days).toHaveLength(8);
      expect(res.body.days[0]).toEqual({
        date: `${Y}-09-29`,
        before: { kind: 'weekend', working: false, name: null, source: 'weekday-rule' },
        after: { kind: 'adjusted-workday', working: true, name: '国庆节调休上班', source: 'database' },
      });
      expect(res.body.affectedDeadlines).toEqual([
        {
          id: expect.any(String),
          processInstanceKey: '2251799813000001',
          projectCode: `LS-${Y}-0001`,
          ruleId: 'M11.1',
          dueDate: { before: `${Y}-10-04`, after: `${Y}-10-10` },
        },
      ]);
      expect(await yearRow(Y)).toBeNull();
    });

    it('applies the schedule with an audit entry, and the calendar answers from it at once', async () => {
      const res = await request(app)
        .put(`/api/calendar/years/${Y}`)
        .set('authorization', ADMIN)
        .send(schedule);
      expect(res.status).toBe(200);

      expect(await yearRow(Y)).toMatchObject({ status: 'official', updatedBy: 'cal-admin' });
      const day = await request(app).get(`/api/calendar/days/${Y}-10-02`).set('authorization', OFFICER);
      expect(day.body).toMatchObject({
        kind: 'holiday',
        source: 'database',
        sourceDetail: `国办发明电〔${Y - 1}〕1号 (test)`,
      });
      // the newest entry of the year (a workflow suite may have set and removed the same year before)
      const entry = (await auditTrail(ds, 'calendar_year', `${Y}`)).at(-1);
      expect(entry).toMatchObject({ actor: 'cal-admin', action: 'calendar.year.replace', beforeState: null });
      expect((entry!.afterState as { days: unknown[] }).days).toHaveLength(8);

      // the audit log refuses to be rewritten
      await expect(
        ds.query('UPDATE audit_log SET actor = ? WHERE id = ?', ['someone-else', entry!.id]),
      ).rejects.toThrow(/append-only/);
    });
  });
});
