import type { DataSource } from 'typeorm';
import type { CalendarService } from '../../src/calendar';
import { runOnce } from '../runtime/testing';
import { deadlineComputeWorker, deadlineStartOf } from '.';

const now = new Date('2026-03-02T01:00:00Z');
const start = new Date('2026-02-27T02:00:00Z');

describe('deadlineStartOf', () => {
  it('given deadlineStart and no header, when resolved, then the deadline counts from deadlineStart', () => {
    expect(deadlineStartOf(start, {}, now)).toBe(start);
  });

  it('given the task header startsAt = now and no deadlineStart, when resolved, then it counts from now', () => {
    expect(deadlineStartOf(undefined, { startsAt: 'now' }, now)).toBe(now);
    expect(deadlineStartOf(null, { startsAt: 'now' }, now)).toBe(now);
  });

  it.each([
    [undefined, 'missing'],
    [null, 'got null'],
  ])(
    'given deadlineStart %s and no header, when resolved, then a bad request naming deadlineStart (never a silent now)',
    (value, got) => {
      expect(() => deadlineStartOf(value, {}, now)).toThrow(
        expect.objectContaining({
          kind: 'bad-request',
          message: `deadlineStart (起算时间): required unless the task header startsAt is "now" (${got})`,
        }),
      );
    },
  );

  it('given both deadlineStart and startsAt = now, when resolved, then a bad request: the start is ambiguous', () => {
    expect(() => deadlineStartOf(start, { startsAt: 'now' }, now)).toThrow(
      expect.objectContaining({ kind: 'bad-request', message: expect.stringContaining('keep one start') }),
    );
  });

  it('given startsAt with another value, when resolved, then a bad request naming the header', () => {
    expect(() => deadlineStartOf(undefined, { startsAt: 'yesterday' }, now)).toThrow(
      expect.objectContaining({
        kind: 'bad-request',
        message: 'task header startsAt must be "now" or absent; got "yesterday"',
      }),
    );
  });
});

describe('deadline.compute', () => {
  // a refused start reads no calendar and writes nothing: dependencies that are not there prove it
  const deps = { dataSource: {} as DataSource, calendar: {} as CalendarService, now: () => now };
  const rule = { deadlineRule: { workingDays: 5 }, ruleId: 'M11.1' };

  it('given a job without deadlineStart and without the header, when run, then it fails at once naming deadlineStart', async () => {
    // given / when
    const call = await runOnce(deadlineComputeWorker, rule, deps);

    // then
    expect(call).toMatchObject({
      action: 'fail',
      arg: {
        retries: 0,
        errorMessage: expect.stringMatching(/^deadline\.compute: deadlineStart \(起算时间\)/),
      },
    });
  });

  it('given a malformed deadlineStart, when run, then it fails at once naming deadlineStart and the value', async () => {
    // given / when
    const call = await runOnce(deadlineComputeWorker, { ...rule, deadlineStart: '2026-13-45' }, deps);

    // then
    expect(call).toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringContaining('deadlineStart (起算时间') },
    });
    expect(call.arg.errorMessage).toContain('"2026-13-45"');
  });
});
