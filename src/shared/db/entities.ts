/** Every entity schema of the registry, one line per feature. */
import { AuditEntryEntity } from '../../audit/data-access/audit-entry.entity';
import { CalendarDayEntity, CalendarYearEntity } from '../../calendar/data-access/calendar.entities';
import { DeadlineBreachEntity } from '../../deadlines/data-access/deadline-breach.entity';
import { DeadlineEntity } from '../../deadlines/data-access/deadline.entity';
import { UserEntity } from '../../users/data-access/user.entity';
import { WebSessionEntity } from '../auth/web-session.entity';
import { AgencyEntity, DepartmentEntity } from '../../organisations/data-access/organisation.entities';
import {
  IdempotencyKeyEntity,
  ProjectEntity,
  ProjectDepartmentEntity,
} from '../../projects/data-access/project.entities';
import { OutboxEntity } from '../../outbox/data-access/outbox.entity';
import { DocumentEntity } from '../../documents/data-access/document.entity';
import {
  DishonestEntityEntity,
  ProjectTenderEntity,
  ProjectUnitEntity,
  UnitEntity,
} from '../../units/data-access/unit.entities';
import {
  ConstructionRecordEntity,
  ProgressReportEntity,
} from '../../construction/data-access/construction.entities';
import { ModelDeploymentEntity, ModelVersionEntity } from '../../modeler/data-access/model.entities';
import { NotificationEntity } from '../../notifications/data-access/notification.entity';
import { ReviewOpinionEntity, ReviewRoundEntity } from '../../reviews/data-access/review.entities';
import { OfficePurchaseFilingEntity } from '../../office-purchases/data-access/office-purchase-filing.entity';
import { ChangeRequestEntity } from '../../changes/data-access/change-request.entity';
import {
  OmFundingEntity,
  PerformanceEvaluationEntity,
} from '../../evaluations/data-access/evaluation.entities';
import { MlpsRecordEntity } from '../../mlps/data-access/mlps-record.entity';
import {
  ProjectAcceptanceEntity,
  ProjectSettlementEntity,
} from '../../acceptance/data-access/acceptance.entities';

export const entities = [
  DeadlineBreachEntity,
  DeadlineEntity,
  CalendarYearEntity,
  CalendarDayEntity,
  AuditEntryEntity,
  UserEntity,
  WebSessionEntity,
  AgencyEntity,
  DepartmentEntity,
  ProjectEntity,
  ProjectDepartmentEntity,
  IdempotencyKeyEntity,
  OutboxEntity,
  DocumentEntity,
  UnitEntity,
  ProjectUnitEntity,
  DishonestEntityEntity,
  ModelVersionEntity,
  ModelDeploymentEntity,
  NotificationEntity,
  ReviewRoundEntity,
  ReviewOpinionEntity,
  OfficePurchaseFilingEntity,
  ChangeRequestEntity,
  ProjectTenderEntity,
  ProgressReportEntity,
  ConstructionRecordEntity,
  PerformanceEvaluationEntity,
  OmFundingEntity,
  MlpsRecordEntity,
  ProjectAcceptanceEntity,
  ProjectSettlementEntity,
];
