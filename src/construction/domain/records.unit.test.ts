import { progressReportProblems, rectificationDueProblem } from './records';

const report = (overrides: object = {}) => ({
  projectCode: 'LS-2026-0001',
  progressPercent: 45,
  summary: '主体软件开发完成过半',
  issues: null,
  majorInvestmentLoss: false,
  ...overrides,
});

describe('progressReportProblems (M15)', () => {
  it('accepts 0 %, 100 % and two decimals', () => {
    for (const progressPercent of [0, 100, 45.25])
      expect(progressReportProblems(report({ progressPercent }))).toEqual([]);
  });

  it.each([[-0.01], [100.01], [Number.NaN]])('refuses %p %', (progressPercent) => {
    expect(progressReportProblems(report({ progressPercent }))).toEqual([
      expect.stringContaining('形象进度须在0%至100%之间'),
    ]);
  });

  it('refuses a third decimal and a summary under 4 characters', () => {
    expect(progressReportProblems(report({ progressPercent: 45.125, summary: ' 进度 ' }))).toEqual([
      '形象进度最多保留两位小数',
      '请填写进度情况（至少4个字）',
    ]);
  });

  it('given a major investment loss, then the issues must describe it (M18)', () => {
    expect(progressReportProblems(report({ majorInvestmentLoss: true }))).toEqual([
      expect.stringContaining('M18'),
    ]);
    expect(
      progressReportProblems(report({ majorInvestmentLoss: true, issues: '设备采购损失约120万元' })),
    ).toEqual([]);
  });
});

describe('rectificationDueProblem (M18)', () => {
  // 2027-05-10 23:30 in Shanghai
  const now = new Date('2027-05-10T15:30:00Z');

  it('given today in Shanghai, then the deadline must be a later day', () => {
    expect(rectificationDueProblem('2027-05-10', now)).toMatch(/须晚于今天（2027-05-10）/);
    expect(rectificationDueProblem('2027-05-09', now)).toMatch(/须晚于今天/);
    expect(rectificationDueProblem('2027-05-11', now)).toBeUndefined();
  });

  it('refuses a date that does not exist', () => {
    expect(rectificationDueProblem('2027-02-30', now)).toMatch(/不是有效日期/);
  });
});
