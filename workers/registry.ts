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
] as const;
