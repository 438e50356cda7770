import { Role, type AuthUser } from '../../users';
import { groupsOf, isOverdue, mayComplete, maySee } from './visibility';

const user = (over: Partial<AuthUser>): AuthUser => ({
  username: 'u',
  displayName: 'U',
  roles: [],
  departmentCode: null,
  agencyCode: null,
  ...over,
});
const cacOfficer = user({ username: 'cac-officer', roles: [Role.AgencyOfficer], agencyCode: 'cac' });
const financeOfficer = user({
  username: 'finance-officer',
  roles: [Role.AgencyOfficer],
  agencyCode: 'finance',
});
const psbApplicant = user({
  username: 'psb-applicant',
  roles: [Role.DepartmentApplicant],
  departmentCode: 'psb',
});
const admin = user({ username: 'admin', roles: [Role.Administrator] });
const owner = user({ username: 'owner', roles: [Role.ProcessOwner] });
const cacTask = { candidateGroups: ['cac'], assignee: null };

describe('task visibility', () => {
  it('given users, then their groups are their agency, department and role groups', () => {
    expect(groupsOf(cacOfficer)).toEqual(['cac']);
    expect(groupsOf(psbApplicant)).toEqual(['psb']);
    expect(groupsOf(admin)).toEqual(['administrators']);
    expect(groupsOf(owner)).toEqual(['process-owners']);
  });

  it('given a CAC task, then a CAC officer sees and completes it and a Finance officer does neither', () => {
    expect(maySee(cacTask, cacOfficer)).toBe(true);
    expect(mayComplete(cacTask, cacOfficer)).toBe(true);
    expect(maySee(cacTask, financeOfficer)).toBe(false);
    expect(mayComplete(cacTask, financeOfficer)).toBe(false);
  });

  it('given a task of the department group, then its applicants complete it, other departments do not', () => {
    const revise = { candidateGroups: ['psb'], assignee: null };
    expect(mayComplete(revise, psbApplicant)).toBe(true);
    expect(mayComplete(revise, cacOfficer)).toBe(false);
  });

  it('given administrators and process owners, then they see every task but complete none of another group', () => {
    for (const u of [admin, owner]) {
      expect(maySee(cacTask, u)).toBe(true);
      expect(mayComplete(cacTask, u)).toBe(false);
    }
    expect(mayComplete({ candidateGroups: ['administrators'], assignee: null }, admin)).toBe(true);
  });

  it('given a task naming a user as candidate or assignee, then that user may work on it', () => {
    expect(mayComplete({ candidateGroups: [], candidateUsers: ['u'], assignee: null }, user({}))).toBe(true);
    expect(mayComplete({ candidateGroups: [], assignee: 'u' }, user({}))).toBe(true);
    expect(mayComplete({ candidateGroups: [], assignee: 'v' }, user({}))).toBe(false);
  });

  it('given a user in no group, then no group task is theirs', () => {
    expect(maySee(cacTask, user({}))).toBe(false);
  });
});

describe('isOverdue', () => {
  const now = new Date('2026-03-02T08:00:00Z');
  it('given an open task due before now, then it is overdue', () => {
    expect(isOverdue({ state: 'CREATED', dueDate: '2026-03-02T07:59:59.999Z' }, now)).toBe(true);
  });
  it('given an open task due now or later, then it is not', () => {
    expect(isOverdue({ state: 'CREATED', dueDate: '2026-03-02T08:00:00.000Z' }, now)).toBe(false);
    expect(isOverdue({ state: 'CREATED', dueDate: '2026-03-03T16:00:00+08:00' }, now)).toBe(false);
  });
  it('given a finished task or one without due date, then it is never overdue', () => {
    expect(isOverdue({ state: 'COMPLETED', dueDate: '2020-01-01T00:00:00Z' }, now)).toBe(false);
    expect(isOverdue({ state: 'CREATED', dueDate: null }, now)).toBe(false);
  });
});
