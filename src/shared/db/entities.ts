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
import { DishonestEntityEntity, ProjectUnitEntity, UnitEntity } from '../../units/data-access/unit.entities';
import { ModelDeploymentEntity, ModelVersionEntity } from '../../modeler/data-access/model.entities';
import { NotificationEntity } from '../../notifications/data-access/notification.entity';
import { ReviewOpinionEntity, ReviewRoundEntity } from '../../reviews/data-access/review.entities';
import { OfficePurchaseFilingEntity } from '../../office-purchases/data-access/office-purchase-filing.entity';
import { ChangeRequestEntity } from '../../changes/data-access/change-request.entity';

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
];
