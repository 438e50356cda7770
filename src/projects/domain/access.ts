/**
 * Who may see and change which projects. Department applicants see their own department's
 * projects and those their department participates in; agency officers, process owners and
 * administrators see all. A project the user may not see is reported as not found, so that no
 * error reveals another department's project. What each role may do is the README's
 * "Authorization matrix".
 */
import { AppError } from '../../shared/errors';
import { Role, type AuthUser } from '../../users';

export function seesAllProjects(user: AuthUser): boolean {
  return user.roles.some(
    (r) => r === Role.Administrator || r === Role.AgencyOfficer || r === Role.ProcessOwner,
  );
}

/** The department a user submits for; throws 403 when it is not theirs to submit for. */
export function submittingDepartment(user: AuthUser, requested: string | undefined): string {
  if (user.roles.includes(Role.Administrator)) {
    if (!requested)
      throw new AppError('bad-request', 'departmentCode is required when an administrator submits');
    return requested;
  }
  if (!user.roles.includes(Role.DepartmentApplicant) || !user.departmentCode) {
    throw new AppError('forbidden', 'only a department applicant or an administrator may submit proposals');
  }
  if (requested && requested !== user.departmentCode) {
    throw new AppError('forbidden', 'you may submit proposals only for your own department');
  }
  return user.departmentCode;
}

/** The Economy & IT Bureau, which reviews every project: its officers add documents to any. */
const REVIEWING_AGENCY = 'eib';

/**
 * Who may add documents to a project the user can see: applicants of its lead department, EIB
 * officers and administrators. Participating departments (M9) read them only.
 */
export function mayUploadDocuments(user: AuthUser, project: { departmentCode: string }): boolean {
  if (user.roles.includes(Role.Administrator)) return true;
  if (user.roles.includes(Role.AgencyOfficer) && user.agencyCode === REVIEWING_AGENCY) return true;
  return user.roles.includes(Role.DepartmentApplicant) && user.departmentCode === project.departmentCode;
}
