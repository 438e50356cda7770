import type { DataSource } from 'typeorm';
import type { CalendarService } from '../../src/calendar';
import { ErrorCode } from '../../src/shared/bpmn';
import { runOnce } from '../runtime/testing';
import { settlementRecordWorker } from '.';

// nothing may be written for a refused settlement: a database that is not there proves it
const deps = {
  dataSource: {} as DataSource,
  calendar: {} as CalendarService,
  now: () => new Date('2026-12-01T02:00:00.000Z'),
};
const settlement = (overrides: object) => ({
  projectCode: 'LS-2026-0001',
  departmentCode: 'psb',
  finalAcceptedAt: '2026-11-20T10:00:00+08:00',
  settledAmount: '98000000.00',
  settlementDate: '2026-11-30',
  budgetEstimate: '100000000.00',
  ...overrides,
});

describe('settlement.record (M21: the worker is the guard)', () => {
  it.each([
    [{ settledAmount: '-5' }, '1. 结算金额不能为负数：-5（M21）'],
    [{ settledAmount: -5 }, '1. 结算金额不能为负数：-5（M21）'],
    [{ approvedAmount: 'abc' }, '1. 批复金额不是有效金额：“abc”'],
    [{ settledAmount: null }, '1. 请填写结算金额（元）（M21）'],
    [{ settlementDate: '2026-12-02' }, '1. 结算日期 2026-12-02 晚于今天 2026-12-01'],
  ])(
    'given %p, then a BPMN error refuses it with the reason for the form, writing nothing',
    async (bad, reason) => {
      const call = await runOnce(settlementRecordWorker, settlement(bad), deps);
      expect(call).toMatchObject({
        action: 'error',
        arg: {
          errorCode: ErrorCode.SettlementRefused,
          variables: { settlementProblems: expect.stringContaining(reason) },
        },
      });
    },
  );

  it('given a malformed final acceptance instant (a modelling error), then the job fails naming the variable', async () => {
    const call = await runOnce(settlementRecordWorker, settlement({ finalAcceptedAt: 'yesterday' }), deps);
    expect(call).toMatchObject({
      action: 'fail',
      arg: { retries: 0, errorMessage: expect.stringContaining('finalAcceptedAt') },
    });
  });
});
