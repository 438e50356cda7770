import { findings } from './fixtures/lint-fixture';

describe('lint rule egov/deadline-timer-computed', () => {
  it('accepts a computed due instant, an hours duration and a start-event schedule', async () => {
    expect(await findings('deadline-timer-computed.valid', 'egov/deadline-timer-computed')).toEqual([]);
  });

  it('reports a duration in calendar days and a fixed date', async () => {
    const found = await findings('deadline-timer-computed.invalid', 'egov/deadline-timer-computed');
    expect(found).toEqual([
      {
        elementId: 'five-days',
        category: 'error',
        message: 'Deadline timer counts calendar days <P5D>: use a due instant computed in working days',
      },
      {
        elementId: 'fixed-date',
        category: 'error',
        message: 'Deadline timer uses a fixed date: use a computed due instant',
      },
    ]);
  });
});
