import { departmentStandingOf, mlpsRecordState } from './standing';

const reportedAt = new Date('2026-03-02T02:00:00Z');
const dueAt = new Date('2026-03-09T15:59:59Z');
const record = (overrides: Partial<Parameters<typeof mlpsRecordState>[0]> = {}) => ({
  projectCode: 'LS-2025-0001',
  systemTitle: '智慧社区管理平台',
  year: 2026,
  testPassed: false,
  rectificationReportedAt: reportedAt,
  checkDueAt: dueAt,
  checkMissedAt: null,
  checkPassed: null,
  checkOpinion: null,
  ...overrides,
});

describe('the state of one MLPS year (M24.1)', () => {
  it('given a passed test, then it is passed whatever else is recorded', () => {
    expect(
      mlpsRecordState(record({ testPassed: true, rectificationReportedAt: null, checkDueAt: null }), dueAt),
    ).toBe('passed');
  });

  it('given a failed test not yet rectified, then it is in rectification', () => {
    expect(
      mlpsRecordState(
        record({ rectificationReportedAt: null, checkDueAt: null }),
        new Date('2027-01-01T00:00:00Z'),
      ),
    ).toBe('in-rectification');
  });

  it('given a reported rectification, when the clock stands exactly at the check deadline, then the check is not yet missing; a second later it is', () => {
    expect(mlpsRecordState(record(), dueAt)).toBe('in-rectification');
    expect(mlpsRecordState(record(), new Date(dueAt.getTime() + 1_000))).toBe('check-missing');
  });

  it('given the engine recorded the missed check, then it is check-missing even on a clock behind the deadline', () => {
    expect(mlpsRecordState(record({ checkMissedAt: dueAt }), reportedAt)).toBe('check-missing');
  });

  it('given the CAC check, then its result decides, late or not', () => {
    expect(mlpsRecordState(record({ checkMissedAt: dueAt, checkPassed: true }), dueAt)).toBe('passed');
    expect(mlpsRecordState(record({ checkPassed: false }), reportedAt)).toBe('failed');
  });
});

describe("a department's MLPS standing over its systems (M24.1)", () => {
  const after = new Date(dueAt.getTime() + 1_000);

  it('given no records, then there is no record', () => {
    expect(departmentStandingOf([], after)).toEqual({ status: 'no-record' });
  });

  it('given a failed check, then the department is failed, naming the system, year and opinion', () => {
    const standing = departmentStandingOf(
      [record({ checkPassed: false, checkOpinion: '高危漏洞未闭环' })],
      after,
    );
    expect(standing).toEqual({
      status: 'failed',
      year: 2026,
      detail:
        '系统“智慧社区管理平台”（LS-2025-0001）2026年等保测评未通过，整改后经市委网信办监督检查未通过：高危漏洞未闭环',
    });
  });

  it('given a missing check, then the detail names the report and due dates (Asia/Shanghai)', () => {
    expect(departmentStandingOf([record()], after)).toEqual({
      status: 'check-missing',
      year: 2026,
      detail:
        '系统“智慧社区管理平台”（LS-2025-0001）2026年等保测评未通过，整改报告已于2026-03-02提交，市委网信办监督检查应于2026-03-09前完成，至今未完成',
    });
  });

  it("given a failed year followed by the system's passed next year, then only the latest year counts", () => {
    const failed = record({ year: 2026, checkPassed: false });
    const passed = record({ year: 2027, testPassed: true });
    expect(departmentStandingOf([passed, failed], after)).toEqual({ status: 'passed', year: 2027 });
  });

  it('given one blocked system among passed ones, then the whole department is blocked', () => {
    const other = record({ projectCode: 'LS-2024-0007', year: 2027, testPassed: true });
    expect(departmentStandingOf([other, record({ checkPassed: false })], after)).toMatchObject({
      status: 'failed',
      year: 2026,
    });
  });

  it('given only a failed test still in rectification, then it neither blocks nor counts as passed', () => {
    expect(departmentStandingOf([record()], reportedAt)).toEqual({ status: 'no-record' });
  });

  it('given passed systems, then the latest passed year is the standing', () => {
    const a = record({ projectCode: 'LS-2024-0007', year: 2025, testPassed: true });
    const b = record({ year: 2026, testPassed: true });
    expect(departmentStandingOf([a, b], after)).toEqual({ status: 'passed', year: 2026 });
  });
});
