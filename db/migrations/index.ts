/** Every migration, in order. New migrations are appended here. */
import { MaterialReceipt1763800000000 } from './1763800000000-material-receipt';
import { DeadlineBreach1763800100000 } from './1763800100000-deadline-breach';
import { CalendarAuditDeadline1763800200000 } from './1763800200000-calendar-audit-deadline';
import { AppUser1763800300000 } from './1763800300000-app-user';
import { ProjectRegistry1763800400000 } from './1763800400000-project-registry';
import { Document1763800500000 } from './1763800500000-document';
import { UnitsReviewsChanges1763800600000 } from './1763800600000-units-reviews-changes';
import { ModelVersions1763800700000 } from './1763800700000-model-versions';
import { OutboxRetries1763800870000 } from './1763800870000-outbox-retries';
import { WebSession1763800950000 } from './1763800950000-web-session';
import { Notification1763801000000 } from './1763801000000-notification';
import { SessionItem1763801100000 } from './1763801100000-session-item';
import { ProjectRuleSet1763801300000 } from './1763801300000-project-rule-set';
import { OfficePurchaseFiling1763801400000 } from './1763801400000-office-purchase-filing';
import { ChangeRequestIdempotency1763801550000 } from './1763801550000-change-request-idempotency';
import { DropMaterialReceipt1763801600000 } from './1763801600000-drop-material-receipt';
import { ProcurementConstruction1763801700000 } from './1763801700000-procurement-construction';
import { AcceptanceSettlement1763801710000 } from './1763801710000-acceptance-settlement';
import { PerformanceEvaluationOmFunding1763801720000 } from './1763801720000-performance-evaluation-om-funding';
import { MlpsRecord1763801730000 } from './1763801730000-mlps-record';
import { SessionSchedule1763801740000 } from './1763801740000-session-schedule';

export const migrations = [
  MaterialReceipt1763800000000,
  DeadlineBreach1763800100000,
  CalendarAuditDeadline1763800200000,
  AppUser1763800300000,
  ProjectRegistry1763800400000,
  Document1763800500000,
  UnitsReviewsChanges1763800600000,
  ModelVersions1763800700000,
  OutboxRetries1763800870000,
  WebSession1763800950000,
  Notification1763801000000,
  SessionItem1763801100000,
  ProjectRuleSet1763801300000,
  OfficePurchaseFiling1763801400000,
  ChangeRequestIdempotency1763801550000,
  DropMaterialReceipt1763801600000,
  ProcurementConstruction1763801700000,
  AcceptanceSettlement1763801710000,
  PerformanceEvaluationOmFunding1763801720000,
  MlpsRecord1763801730000,
  SessionSchedule1763801740000,
];
