/**
 * Decisions officers and departments take in user tasks of the intake, the urgent path, the
 * revision loop, the monthly pre-review and the annual plan. The forms require the reasons; this is
 * the second check, on the server side: a decision that lacks its reason (a form bypassed, a
 * modeller's mistake) is refused here, naming the variable, before anything is recorded.
 */
import { AppError } from '../../shared/errors';

export const DecisionKind = {
  /** M6: City Government approval of a project outside the development plan */
  CityGovApproval: 'city-gov-approval',
  /** M7.5: EIB officer overrides the yearly quota with a written reason, or refuses */
  QuotaOverride: 'quota-override',
  /** M9: every participating department confirmed (or declined) the joint framework */
  JointFramework: 'joint-framework',
  /** after a failed pre-review: the department resubmits a revised proposal or withdraws it */
  Revision: 'revision',
  /** M7.6: the department's implementation plan of an urgent project */
  UrgentPlan: 'urgent-plan',
  /** M7.6: City Government approval of the urgent implementation plan */
  UrgentApproval: 'urgent-approval',
  /** M7.6: approval and plan filed with the EIB before implementation */
  UrgentFiling: 'urgent-filing',
  /** M7.3: the EIB's pre-review of a proposal, with a written opinion */
  EibPreReview: 'eib-pre-review',
  /** M4.2: the CAC's network-security pre-review: security share of the budget, risks, opinion */
  CacSecurityPreReview: 'cac-security-pre-review',
  /** M7.1: the five agencies' joint review (会签) of the annual plan, each with an opinion */
  PlanJointReview: 'plan-joint-review',
  /** M7.1: the EIB's funding check of a project in the annual plan */
  PlanFundingCheck: 'plan-funding-check',
  /** M7.1: the City Government's decision on the annual plan (not approving needs its opinion) */
  PlanCityGovApproval: 'plan-city-gov-approval',
  /** M7.1: Finance's budget opinion on the plan the City Government approved */
  PlanBudget: 'plan-budget',
} as const;
export type DecisionKind = (typeof DecisionKind)[keyof typeof DecisionKind];

export const decisionRule: Record<DecisionKind, string> = {
  'city-gov-approval': 'M6',
  'quota-override': 'M7.5',
  'joint-framework': 'M9',
  revision: 'M7.3',
  'urgent-plan': 'M7.6',
  'urgent-approval': 'M7.6',
  'urgent-filing': 'M7.6',
  'eib-pre-review': 'M7.3',
  'cac-security-pre-review': 'M4.2',
  'plan-joint-review': 'M7.1',
  'plan-funding-check': 'M7.1',
  'plan-city-gov-approval': 'M7.1',
  'plan-budget': 'M7.1',
};

/** The agencies of the annual plan's joint review (M7.1), by the prefix of their variables. */
export const planReviewers = {
  eib: '市经济和信息化局',
  cac: '市委网信办',
  secrecy: '市委机要保密局',
  drc: '市发展和改革委员会',
  finance: '市财政局',
} as const;
export type PlanReviewer = keyof typeof planReviewers;

/** The variables a user task of each kind completes with (all optional here: checked per kind). */
export interface DecisionVariables {
  cityGovApproved?: boolean;
  cityGovOpinion?: string;
  quotaOverridden?: boolean;
  quotaDecisionReason?: string;
  participatingDepartments?: string[];
  frameworkConfirmations?: { department?: unknown; confirmed?: unknown; comment?: unknown }[];
  revisionAction?: string;
  revisionNote?: string;
  implementationPlanSummary?: string;
  urgentApproved?: boolean;
  urgentApprovalOpinion?: string;
  filingReference?: string;
  eibPassed?: boolean;
  eibOpinion?: string;
  cacPassed?: boolean;
  cacSecurityShare?: number;
  cacRisks?: string;
  cacOpinion?: string;
  fundingApproved?: boolean;
  fundingReason?: string;
  budgetOpinion?: string;
}

/** The joint review's answers, one opinion and agreement per agency (form keys planOpinion, planAgrees). */
export type PlanReviewVariables = Partial<
  Record<`${PlanReviewer}PlanOpinion`, string> & Record<`${PlanReviewer}PlanAgrees`, boolean>
>;

export interface Decision {
  kind: DecisionKind;
  rule: string;
  /** approved / overridden / confirmed by all / resubmitted / planned / filed */
  passed: boolean;
  /** Chinese: why the project does not go on (null when passed) */
  refusalReason: string | null;
  /** what the timeline keeps */
  detail: Record<string, unknown>;
}

const MIN_REASON = 4;
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function required(v: unknown, name: string, when: string): string {
  const t = text(v);
  if (t.length < MIN_REASON)
    throw new AppError('bad-request', `${name} is required ${when} (at least ${MIN_REASON} characters)`);
  return t;
}

/** A written opinion: not blank; as the reason of a refusal, at least MIN_REASON characters. */
function opinion(v: unknown, name: string, refusing: boolean): string {
  if (refusing) return required(v, name, 'with the reason of a refusal');
  const t = text(v);
  if (!t) throw new AppError('bad-request', `${name} is required (a written opinion)`);
  return t;
}

function flag(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw new AppError('bad-request', `${name} must be true or false`);
  return v;
}

/** Validates a decision of `kind` and says what it means for the project. */
export function evaluateDecision(kind: DecisionKind, v: DecisionVariables & PlanReviewVariables): Decision {
  const rule = decisionRule[kind];
  const decided = (passed: boolean, refusalReason: string | null, detail: Record<string, unknown>) => ({
    kind,
    rule,
    passed,
    refusalReason: passed ? null : refusalReason,
    detail,
  });
  switch (kind) {
    case 'city-gov-approval': {
      const approved = flag(v.cityGovApproved, 'cityGovApproved');
      const opinion = approved
        ? text(v.cityGovOpinion)
        : required(v.cityGovOpinion, 'cityGovOpinion', 'when the City Government does not approve');
      return decided(approved, `市人民政府未批准新增项目（第六条）：${opinion}`, {
        cityGovApproved: approved,
        cityGovOpinion: opinion || null,
      });
    }
    case 'quota-override': {
      const overridden = flag(v.quotaOverridden, 'quotaOverridden');
      const reason = required(
        v.quotaDecisionReason,
        'quotaDecisionReason',
        'for a quota override and for a refusal',
      );
      return decided(
        overridden,
        `本部门年度申报项目已超出2个，市经济和信息化局不予特批（第七条第五项）：${reason}`,
        {
          quotaOverridden: overridden,
          quotaDecisionReason: reason,
        },
      );
    }
    case 'joint-framework': {
      const participants = v.participatingDepartments;
      if (!Array.isArray(participants) || participants.length === 0)
        throw new AppError('bad-request', 'participatingDepartments must list the participating departments');
      const list = v.frameworkConfirmations;
      if (!Array.isArray(list) || list.length !== participants.length)
        throw new AppError(
          'bad-request',
          `frameworkConfirmations must hold one answer per participating department (${participants.length})`,
        );
      const answers = list.map((a, i) => {
        const department = text(a?.department);
        if (department !== participants[i])
          throw new AppError(
            'bad-request',
            `frameworkConfirmations[${i}].department must be ${participants[i]}`,
          );
        const confirmed = flag(a?.confirmed, `frameworkConfirmations[${i}].confirmed (frameworkConfirmed)`);
        const comment = confirmed
          ? text(a?.comment)
          : required(
              a?.comment,
              `frameworkConfirmations[${i}].comment (frameworkComment)`,
              `when ${department} does not confirm the joint framework`,
            );
        return { department, confirmed, comment: comment || null };
      });
      const declined = answers.filter((a) => !a.confirmed);
      return decided(
        declined.length === 0,
        `参建部门未确认联合框架方案（第九条）：${declined.map((d) => `${d.department}：${d.comment}`).join('；')}`,
        { frameworkConfirmations: answers },
      );
    }
    case 'revision': {
      if (v.revisionAction !== 'resubmit' && v.revisionAction !== 'withdraw')
        throw new AppError('bad-request', 'revisionAction must be "resubmit" or "withdraw"');
      const note = required(
        v.revisionNote,
        'revisionNote',
        'to resubmit (what was revised) or to withdraw (why)',
      );
      return decided(v.revisionAction === 'resubmit', `部门撤回项目建议书：${note}`, {
        revisionAction: v.revisionAction,
        revisionNote: note,
      });
    }
    case 'urgent-plan': {
      const summary = required(
        v.implementationPlanSummary,
        'implementationPlanSummary',
        'for the implementation plan of an urgent project',
      );
      return decided(true, null, { implementationPlanSummary: summary });
    }
    case 'urgent-approval': {
      const approved = flag(v.urgentApproved, 'urgentApproved');
      const opinion = approved
        ? text(v.urgentApprovalOpinion)
        : required(
            v.urgentApprovalOpinion,
            'urgentApprovalOpinion',
            'when the City Government does not approve',
          );
      return decided(approved, `市人民政府未批准按急需项目实施（第七条第六项）：${opinion}`, {
        urgentApproved: approved,
        urgentApprovalOpinion: opinion || null,
      });
    }
    case 'urgent-filing': {
      const reference = required(
        v.filingReference,
        'filingReference',
        'to file the approval and plan with the EIB',
      );
      return decided(true, null, { filingReference: reference });
    }
    case 'eib-pre-review': {
      const passed = flag(v.eibPassed, 'eibPassed');
      const eibOpinion = opinion(v.eibOpinion, 'eibOpinion', !passed);
      return decided(passed, `市经济和信息化局预审未通过（第七条第三项）：${eibOpinion}`, {
        eibPassed: passed,
        eibOpinion,
      });
    }
    case 'cac-security-pre-review': {
      const passed = flag(v.cacPassed, 'cacPassed');
      const share = v.cacSecurityShare;
      if (share != null && (typeof share !== 'number' || !(share >= 0 && share <= 100)))
        throw new AppError('bad-request', 'cacSecurityShare must be a percentage between 0 and 100');
      if (passed && share == null)
        throw new AppError(
          'bad-request',
          'cacSecurityShare is required for a pass (M4.2: security share of the budget)',
        );
      const risks = passed ? opinion(v.cacRisks, 'cacRisks', false) : text(v.cacRisks);
      const cacOpinion = opinion(v.cacOpinion, 'cacOpinion', !passed);
      return decided(passed, `市委网信办网络安全前置审查未通过（第四条第二项）：${cacOpinion}`, {
        cacPassed: passed,
        cacSecurityShare: share ?? null,
        cacRisks: risks || null,
        cacOpinion,
      });
    }
    case 'plan-joint-review': {
      const opinions = (Object.keys(planReviewers) as PlanReviewer[]).map((r) => {
        const agrees = v[`${r}PlanAgrees`] === true;
        return {
          agency: planReviewers[r],
          agrees,
          opinion: opinion(
            v[`${r}PlanOpinion`],
            `${r}PlanOpinion (${planReviewers[r]}: planOpinion)`,
            !agrees,
          ),
        };
      });
      return decided(true, null, { planOpinions: opinions });
    }
    case 'plan-funding-check': {
      const approved = flag(v.fundingApproved, 'fundingApproved');
      const reason = approved
        ? text(v.fundingReason)
        : required(v.fundingReason, 'fundingReason', 'when the EIB does not fund the project');
      return decided(approved, `市经济和信息化局资金审核未通过：${reason}`, {
        fundingApproved: approved,
        fundingReason: reason || null,
      });
    }
    case 'plan-city-gov-approval': {
      const approved = flag(v.cityGovApproved, 'cityGovApproved');
      const opinion = approved
        ? text(v.cityGovOpinion)
        : required(v.cityGovOpinion, 'cityGovOpinion', 'when the City Government does not approve the plan');
      return decided(approved, `市人民政府未批准年度计划：${opinion}`, {
        cityGovApproved: approved,
        cityGovOpinion: opinion || null,
      });
    }
    case 'plan-budget':
      return decided(true, null, { budgetOpinion: opinion(v.budgetOpinion, 'budgetOpinion', false) });
  }
}
