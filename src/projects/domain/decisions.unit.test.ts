import fs from 'node:fs';
import path from 'node:path';
import { evaluateDecision } from './decisions';
import { proposalFromStartForm } from './start-form';
import { PROJECTS_PER_DEPARTMENT_PER_YEAR } from './submit';

describe('evaluateDecision', () => {
  it('refuses a decision without the reason it requires, naming the variable', () => {
    expect(() => evaluateDecision('quota-override', { quotaOverridden: true })).toThrow(
      /quotaDecisionReason is required/,
    );
    expect(() =>
      evaluateDecision('quota-override', { quotaOverridden: false, quotaDecisionReason: '  ' }),
    ).toThrow(/quotaDecisionReason/);
    expect(() => evaluateDecision('city-gov-approval', { cityGovApproved: false })).toThrow(/cityGovOpinion/);
    expect(() => evaluateDecision('urgent-filing', {})).toThrow(/filingReference/);
    expect(() => evaluateDecision('revision', { revisionAction: 'resubmit' })).toThrow(/revisionNote/);
    expect(() => evaluateDecision('revision', { revisionAction: 'later', revisionNote: '已修改' })).toThrow(
      /revisionAction/,
    );
    expect(() => evaluateDecision('city-gov-approval', { cityGovOpinion: '同意新增' })).toThrow(
      /cityGovApproved must be true or false/,
    );
  });

  it('says what a complete decision means for the project, with a Chinese reason when it stops', () => {
    expect(evaluateDecision('city-gov-approval', { cityGovApproved: true })).toMatchObject({
      passed: true,
      refusalReason: null,
      rule: 'M6',
    });
    expect(
      evaluateDecision('quota-override', {
        quotaOverridden: false,
        quotaDecisionReason: '本年度已申报两个项目',
      }),
    ).toMatchObject({
      passed: false,
      rule: 'M7.5',
      refusalReason: expect.stringContaining('本年度已申报两个项目'),
    });
    expect(
      evaluateDecision('revision', { revisionAction: 'withdraw', revisionNote: '并入市级平台' }),
    ).toMatchObject({
      passed: false,
      refusalReason: expect.stringContaining('并入市级平台'),
    });
  });

  it('needs one 会签 answer per participating department, and a reason from each that declines (M9)', () => {
    const participatingDepartments = ['drc', 'finance'];
    expect(() =>
      evaluateDecision('joint-framework', {
        participatingDepartments,
        frameworkConfirmations: [{ department: 'drc', confirmed: true }],
      }),
    ).toThrow(/one answer per participating department/);
    expect(() =>
      evaluateDecision('joint-framework', {
        participatingDepartments,
        frameworkConfirmations: [
          { department: 'drc', confirmed: true },
          { department: 'finance', confirmed: false, comment: null },
        ],
      }),
    ).toThrow(/frameworkConfirmations\[1\]\.comment/);
    expect(
      evaluateDecision('joint-framework', {
        participatingDepartments,
        frameworkConfirmations: [
          { department: 'drc', confirmed: true, comment: null },
          { department: 'finance', confirmed: false, comment: '数据接口未明确' },
        ],
      }),
    ).toMatchObject({ passed: false, refusalReason: expect.stringContaining('finance：数据接口未明确') });
  });
});

describe('M7.5 threshold', () => {
  it('is the same in the API (submit.ts) and in the intake DMN', () => {
    const dmn = fs.readFileSync(
      path.join(__dirname, '../../../workflows/project-intake/department-quota.dmn'),
      'utf8',
    );
    expect(dmn).toContain(`<text>&lt;= ${PROJECTS_PER_DEPARTMENT_PER_YEAR}</text>`);
    expect(dmn).toContain(`<text>&gt; ${PROJECTS_PER_DEPARTMENT_PER_YEAR}</text>`);
  });
});

describe('proposalFromStartForm', () => {
  const form = { title: '经 Tasklist 提交的项目', budgetEstimate: '1000000.00', category: 'network' };

  it('reads the comma-separated participants and leaves out empty fields', () => {
    expect(
      proposalFromStartForm({
        ...form,
        participatingDepartmentCodes: 'drc， finance、audit',
        quotaOverrideReason: '',
      }),
    ).toMatchObject({ participatingDepartments: ['drc', 'finance', 'audit'], urgent: false });
  });

  it('carries the rule set and the project upgraded (T26/T27), and names a bad rule set', () => {
    // given the start form's rule set and upgraded project; when read; then the proposal has them
    expect(proposalFromStartForm({ ...form, ruleSet: 'T', upgradeOf: 'LS-2024-0007' })).toMatchObject({
      ruleSet: 'T',
      upgradeOf: 'LS-2024-0007',
    });
    // and without them the current rules apply
    expect(proposalFromStartForm({ ...form, upgradeOf: '' })).toMatchObject({ ruleSet: 'M' });
    expect(() => proposalFromStartForm({ ...form, ruleSet: 'X' })).toThrow(/ruleSet/);
  });

  it('names the field of a malformed proposal', () => {
    expect(() => proposalFromStartForm({ ...form, budgetEstimate: '12,5' })).toThrow(/budgetEstimate/);
  });
});
