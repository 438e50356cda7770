import type { DataSource } from 'typeorm';
import { openDataSource, uniqueProjectCode } from '../../shared/testing';
import { findReceiptsOfProject, registerReceipt } from './register-receipt';

describe('registerReceipt', () => {
  let ds: DataSource;
  beforeAll(async () => (ds = await openDataSource()));
  afterAll(() => ds.destroy());

  it('is idempotent per process instance: a redelivered job returns the first receipt', async () => {
    // given one registration
    const projectCode = uniqueProjectCode();
    const input = {
      projectCode,
      processInstanceKey: '2251799813999001',
      receivedAt: new Date('2026-11-20T02:00:00Z'),
    };
    const first = await registerReceipt(ds, input, new Date('2026-11-20T03:00:00Z'));

    // when the same job is delivered again, later and with another receipt time
    const second = await registerReceipt(
      ds,
      { ...input, receivedAt: new Date('2026-11-20T02:30:00Z') },
      new Date('2026-11-20T04:00:00Z'),
    );

    // then one row exists and both calls return it unchanged
    expect(first.kind).toBe('registered');
    expect(second).toEqual(first);
    const rows = await findReceiptsOfProject(ds, projectCode);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.receivedAt.toISOString()).toBe('2026-11-20T02:00:00.000Z');
  });

  it('refuses materials dated more than five minutes after now and writes nothing', async () => {
    // given a receipt time ten minutes ahead of the clock
    const projectCode = uniqueProjectCode();
    const now = new Date('2026-11-20T03:00:00Z');

    // when it is registered
    const result = await registerReceipt(
      ds,
      { projectCode, processInstanceKey: '2251799813999002', receivedAt: new Date('2026-11-20T03:10:00Z') },
      now,
    );

    // then it is refused and the table is untouched
    expect(result).toEqual({ kind: 'received-in-future', receivedAt: new Date('2026-11-20T03:10:00Z'), now });
    expect(await findReceiptsOfProject(ds, projectCode)).toHaveLength(0);
  });
});
