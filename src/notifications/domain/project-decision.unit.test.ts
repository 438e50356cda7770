import { ProjectStage } from '../../projects';
import { projectDecisionEvent } from './project-decision';

describe('projectDecisionEvent', () => {
  const project = { code: 'P2026-0001', title: '智慧城管平台', departmentCode: 'chengguan' };

  it('given a project excluded from the plan, then its department is told why, once per step', () => {
    const event = projectDecisionEvent(
      project,
      ProjectStage.ExcludedFromPlan,
      '年度资金不足',
      '2251799813685290',
    );
    expect(event).toEqual({
      kind: 'project-decision',
      taskId: 'step-2251799813685290',
      taskName: '项目未纳入年度计划：智慧城管平台（P2026-0001）。原因：年度资金不足',
      projectCode: 'P2026-0001',
      candidateGroups: ['chengguan'],
      assignee: null,
      dueDate: null,
    });
  });

  it('given a refusal or a failed pre-review, then the department is told; other stages tell nobody', () => {
    expect(projectDecisionEvent(project, ProjectStage.Refused, '涉密', '1')?.taskName).toMatch(
      /^项目不予受理/,
    );
    expect(projectDecisionEvent(project, ProjectStage.Revising, '重复建设', '2')?.taskName).toMatch(
      /预审未通过/,
    );
    expect(projectDecisionEvent(project, ProjectStage.AwaitingAnnualPlan, null, '3')).toBeNull();
    expect(projectDecisionEvent(project, ProjectStage.Review, null, '4')).toBeNull();
  });
});
