/**
 * Decisions on a project its department must hear of, with the reason: refused at intake, to be
 * revised after the pre-review, not included in the annual plan, terminated after a serious delay (M18). The lead department's group is
 * notified once per lifecycle step (the step's element instance is the event's key).
 */
import { ProjectStage } from '../../projects';
import type { NotificationEvent } from './notifier';

const NOTICES: Partial<Record<ProjectStage, string>> = {
  [ProjectStage.Refused]: '项目不予受理',
  [ProjectStage.Revising]: '项目预审未通过，请修改后重新申报或撤回',
  [ProjectStage.ExcludedFromPlan]: '项目未纳入年度计划',
  [ProjectStage.Terminated]: '项目已终止',
};

export function projectDecisionEvent(
  project: { code: string; title: string; departmentCode: string },
  stage: ProjectStage,
  reason: string | null,
  stepKey: string,
): NotificationEvent | null {
  const notice = NOTICES[stage];
  if (!notice) return null;
  return {
    kind: 'project-decision',
    taskId: `step-${stepKey}`,
    taskName: `${notice}：${project.title}（${project.code}）。原因：${reason ?? '未说明'}`,
    projectCode: project.code,
    candidateGroups: [project.departmentCode],
    assignee: null,
    dueDate: null,
  };
}

/**
 * 督办: a deadline passed with its step still open; the responsible group (its supervisor reads the
 * group's notifications) hears of it once per breach.
 */
export function deadlineEscalationEvent(breach: {
  id: string;
  projectCode: string;
  rule: string;
  subject: string;
  group: string;
}): NotificationEvent {
  return {
    kind: 'deadline-escalated',
    taskId: `breach-${breach.id}`,
    taskName: `督办：项目 ${breach.projectCode} ${breach.subject}（依据 ${breach.rule}），请尽快办理。`,
    projectCode: breach.projectCode,
    candidateGroups: [breach.group],
    assignee: null,
    dueDate: null,
  };
}
