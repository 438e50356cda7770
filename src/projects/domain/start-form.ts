/**
 * M4.7 through Tasklist: a proposal entered in the start form of `proposal-start` is registered by
 * the same function as POST /api/projects (same checks, same code series, same outbox message that
 * starts the lifecycle). Tasklist 8.6 does not record who started a process, so the process first has
 * the department's own group confirm the submission; the registry records it as submitted by
 * `tasklist:<department>`. The process instance is the idempotency key: a redelivered job answers
 * with the project registered the first time.
 */
import type { DataSource } from 'typeorm';
import { AppError } from '../../shared/errors';
import { Role, type AuthUser } from '../../users';
import { proposalSchema, type Proposal } from './schemas';
import { submitProposal, type SubmitResult } from './submit';

/** The start form's fields: the API's proposal, with participants typed as comma-separated codes. */
export interface StartFormProposal extends Partial<
  Omit<Record<keyof Proposal, unknown>, 'participatingDepartments'>
> {
  participatingDepartmentCodes?: unknown;
}

export const startFormSubmitter = (departmentCode: string): AuthUser => ({
  username: `tasklist:${departmentCode}`.slice(0, 64),
  displayName: `${departmentCode}（Tasklist 提交）`,
  roles: [Role.DepartmentApplicant],
  departmentCode,
  agencyCode: null,
});

/** Turns the form's variables into a proposal; a problem names the form field (bad-request). */
export function proposalFromStartForm(form: StartFormProposal): Proposal {
  const codes =
    typeof form.participatingDepartmentCodes === 'string' ? form.participatingDepartmentCodes : '';
  const candidate = Object.fromEntries(
    Object.entries({
      ...form,
      participatingDepartmentCodes: undefined,
      participatingDepartments: codes
        .split(/[,，、\s]+/)
        .map((c) => c.trim())
        .filter(Boolean),
    }).filter(([, v]) => v !== null && v !== undefined && v !== ''),
  );
  const parsed = proposalSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'proposal'}: ${i.message}`);
    throw new AppError('bad-request', problems.join('; '), { details: { errors: problems } });
  }
  return parsed.data;
}

export async function registerStartFormProposal(
  ds: DataSource,
  form: StartFormProposal & { departmentCode: string },
  processInstanceKey: string,
  now: Date,
): Promise<SubmitResult> {
  const proposal = proposalFromStartForm(form);
  return submitProposal(
    ds,
    startFormSubmitter(form.departmentCode),
    proposal,
    `proposal-start-${processInstanceKey}`,
    now,
  );
}
