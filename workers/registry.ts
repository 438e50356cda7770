/** Every job worker of the system. A unit test checks this list against the job types in `workflows/`. */
import { deadlineComputeWorker } from './deadline-compute';
import { deadlineRecordBreachWorker } from './deadline-record-breach';
import { projectBindInstanceWorker } from './project-bind-instance';
import { projectIntakeCheckWorker } from './project-intake-check';
import { projectRecordDecisionWorker } from './project-record-decision';
import { projectRegisterProposalWorker } from './project-register-proposal';
import { projectSetStageWorker } from './project-set-stage';
import { reviewCheckConformanceWorker } from './review-check-conformance';
import { reviewCheckMaterialsWorker } from './review-check-materials';
import { reviewOpenRoundWorker } from './review-open-round';
import { reviewRecordOutcomeWorker } from './review-record-outcome';
import { sessionBatchProjectsWorker } from './session-batch-projects';
import { sessionNextWorker } from './session-next';
import { sessionOpenWorker } from './session-open';
import { sessionPublishDecisionWorker } from './session-publish-decision';
import { officePurchaseRegisterWorker } from './office-purchase-register';
import { officePurchaseRecordFilingWorker } from './office-purchase-record-filing';
import { procurementRecordTenderResultsWorker } from './procurement-record-tender-results';
import { constructionScheduleSeriousDelayWorker } from './construction-schedule-serious-delay';
import { constructionRecordProgressReportWorker } from './construction-record-progress-report';
import { constructionRecordRectificationWorker } from './construction-record-rectification';
import { constructionRecordOutcomeWorker } from './construction-record-outcome';
import { changeMarkFiledWorker } from './change-mark-filed';
import { changeRecordDecisionWorker } from './change-record-decision';
import { evaluationRecordSelfWorker } from './evaluation-record-self';
import { evaluationRecordMissingWorker } from './evaluation-record-missing';
import { evaluationRecordFinanceWorker } from './evaluation-record-finance';
import { omFundingRecordApplicationWorker } from './om-funding-record-application';
import { omFundingRecordDecisionWorker } from './om-funding-record-decision';
import { mlpsStartTestingWorker } from './mlps-start-testing';
import { mlpsRecordTestWorker } from './mlps-record-test';
import { mlpsRecordRectificationWorker } from './mlps-record-rectification';
import { mlpsRecordCheckWorker } from './mlps-record-check';
import { mlpsRecordCheckMissingWorker } from './mlps-record-check-missing';
import { mlpsScheduleUnifiedTestingWorker } from './mlps-schedule-unified-testing';
import { mlpsCheckAdmissionWorker } from './mlps-check-admission';
import { acceptanceRecordPreliminaryWorker } from './acceptance-record-preliminary';
import { acceptanceRecordFinalWorker } from './acceptance-record-final';
import { acceptanceRecordFilingWorker } from './acceptance-record-filing';
import { settlementRecordWorker } from './settlement-record';
import { settlementRecordReviewWorker } from './settlement-record-review';

export const workers = [
  deadlineRecordBreachWorker,
  deadlineComputeWorker,
  projectBindInstanceWorker,
  projectSetStageWorker,
  projectIntakeCheckWorker,
  projectRecordDecisionWorker,
  projectRegisterProposalWorker,
  sessionNextWorker,
  sessionOpenWorker,
  sessionBatchProjectsWorker,
  sessionPublishDecisionWorker,
  reviewOpenRoundWorker,
  reviewRecordOutcomeWorker,
  reviewCheckMaterialsWorker,
  reviewCheckConformanceWorker,
  officePurchaseRegisterWorker,
  officePurchaseRecordFilingWorker,
  procurementRecordTenderResultsWorker,
  constructionScheduleSeriousDelayWorker,
  constructionRecordProgressReportWorker,
  constructionRecordRectificationWorker,
  constructionRecordOutcomeWorker,
  changeMarkFiledWorker,
  changeRecordDecisionWorker,
  evaluationRecordSelfWorker,
  evaluationRecordMissingWorker,
  evaluationRecordFinanceWorker,
  omFundingRecordApplicationWorker,
  omFundingRecordDecisionWorker,
  mlpsStartTestingWorker,
  mlpsRecordTestWorker,
  mlpsRecordRectificationWorker,
  mlpsRecordCheckWorker,
  mlpsRecordCheckMissingWorker,
  mlpsScheduleUnifiedTestingWorker,
  mlpsCheckAdmissionWorker,
  acceptanceRecordPreliminaryWorker,
  acceptanceRecordFinalWorker,
  acceptanceRecordFilingWorker,
  settlementRecordWorker,
  settlementRecordReviewWorker,
] as const;
