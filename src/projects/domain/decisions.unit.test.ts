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

describe('evaluateDecision at the sessions (M7.3, M4.2, M7.1)', () => {
  const planOpinions = {
    eibPlanAgrees: true,
    eibPlanOpinion: '同意',
    cacPlanAgrees: true,
    cacPlanOpinion: '同意',
    secrecyPlanAgrees: true,
    secrecyPlanOpinion: '不涉密，同意',
    drcPlanAgrees: true,
    drcPlanOpinion: '同意',
    financePlanAgrees: false,
    financePlanOpinion: '财力有限，建议压减',
  };

  it('refuses a pre-review without its opinion, naming the variable', () => {
    // given a pass or a refusal whose opinion is missing, blank or (for a refusal) too short; when evaluated; then refused
    expect(() => evaluateDecision('eib-pre-review', { eibPassed: true })).toThrow(/eibOpinion is required/);
    expect(() => evaluateDecision('eib-pre-review', { eibPassed: true, eibOpinion: '  ' })).toThrow(
      /eibOpinion/,
    );
    expect(() => evaluateDecision('eib-pre-review', { eibPassed: false, eibOpinion: '不行' })).toThrow(
      /eibOpinion is required with the reason of a refusal/,
    );
    expect(() => evaluateDecision('eib-pre-review', { eibOpinion: '同意' })).toThrow(/eibPassed/);
  });

  it('needs from the CAC an opinion always, and on a pass the security share and the risks (M4.2)', () => {
    const pass = { cacPassed: true, cacSecurityShare: 8.5, cacRisks: '数据集中存储', cacOpinion: '同意' };
    // given a pass without its share, its risks or its opinion; when evaluated; then refused naming it
    expect(() =>
      evaluateDecision('cac-security-pre-review', { ...pass, cacSecurityShare: undefined }),
    ).toThrow(/cacSecurityShare is required/);
    expect(() => evaluateDecision('cac-security-pre-review', { ...pass, cacRisks: '' })).toThrow(/cacRisks/);
    expect(() => evaluateDecision('cac-security-pre-review', { ...pass, cacOpinion: ' ' })).toThrow(
      /cacOpinion/,
    );
    expect(() => evaluateDecision('cac-security-pre-review', { ...pass, cacSecurityShare: 120 })).toThrow(
      /cacSecurityShare must be a percentage/,
    );
    // and a refusal without its reason
    expect(() => evaluateDecision('cac-security-pre-review', { cacPassed: false })).toThrow(/cacOpinion/);
    // when complete, then it passes, or stops with the CAC's reason
    expect(evaluateDecision('cac-security-pre-review', pass)).toMatchObject({ passed: true, rule: 'M4.2' });
    expect(
      evaluateDecision('cac-security-pre-review', { cacPassed: false, cacOpinion: '安全投入比例过低' }),
    ).toMatchObject({ passed: false, refusalReason: expect.stringContaining('安全投入比例过低') });
  });

  it("needs every agency's joint-review opinion, a reason from one that disagrees (M7.1)", () => {
    // given the five opinions with one missing, or a disagreement without a reason; when evaluated; then refused naming it
    expect(() =>
      evaluateDecision('plan-joint-review', { ...planOpinions, secrecyPlanOpinion: undefined }),
    ).toThrow(/secrecyPlanOpinion \(市委机要保密局: planOpinion\) is required/);
    expect(() =>
      evaluateDecision('plan-joint-review', { ...planOpinions, financePlanOpinion: '不同意' }),
    ).toThrow(/financePlanOpinion/);
    // when all are there, then they are recorded
    expect(evaluateDecision('plan-joint-review', planOpinions)).toMatchObject({
      passed: true,
      rule: 'M7.1',
      detail: {
        planOpinions: expect.arrayContaining([
          { agency: '市财政局', agrees: false, opinion: '财力有限，建议压减' },
        ]),
      },
    });
  });

  it("needs the reason of a project the EIB does not fund, and Finance's budget opinion (M7.1)", () => {
    expect(() => evaluateDecision('plan-funding-check', { fundingApproved: false })).toThrow(
      /fundingReason is required/,
    );
    expect(evaluateDecision('plan-funding-check', { fundingApproved: true })).toMatchObject({ passed: true });
    expect(
      evaluateDecision('plan-funding-check', {
        fundingApproved: false,
        fundingReason: '资金需求超出年度财力安排',
      }),
    ).toMatchObject({
      passed: false,
      refusalReason: '市经济和信息化局资金审核未通过：资金需求超出年度财力安排',
    });
    expect(() => evaluateDecision('plan-budget', { budgetOpinion: '' })).toThrow(/budgetOpinion is required/);
    expect(evaluateDecision('plan-budget', { budgetOpinion: '按审定结果安排' })).toMatchObject({
      passed: true,
    });
  });

  it("needs the City Government's opinion when it does not approve the annual plan (M7.1)", () => {
    // given a refusal without an opinion, then one with it, and an approval without one
    // when/then the first is refused naming the variable; the others decide, under M7.1
    expect(() => evaluateDecision('plan-city-gov-approval', { cityGovApproved: false })).toThrow(
      /cityGovOpinion is required/,
    );
    expect(
      evaluateDecision('plan-city-gov-approval', {
        cityGovApproved: false,
        cityGovOpinion: '财力不足，暂缓安排',
      }),
    ).toMatchObject({
      passed: false,
      rule: 'M7.1',
      refusalReason: '市人民政府未批准年度计划：财力不足，暂缓安排',
    });
    expect(evaluateDecision('plan-city-gov-approval', { cityGovApproved: true })).toMatchObject({
      passed: true,
      rule: 'M7.1',
    });
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
