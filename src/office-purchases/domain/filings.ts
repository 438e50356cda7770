/**
 * M10.3: office network renovation, security and office equipment purchases are filed with the EIB
 * within one month after they complete. A filing is registered (from the API or from Tasklist's
 * start form), runs in its own `office-purchase-filing` instance, and is recorded as filed — late
 * or not — when the EIB registers it. Every write is idempotent: the API by its Idempotency-Key,
 * the jobs by the process instance and the filing code, so a redelivered job changes nothing.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '../../audit';
import { shanghaiDateOf } from '../../calendar';
import { DepartmentEntity } from '../../organisations/data-access/organisation.entities';
import { isDuplicateKey } from '../../shared/db';
import { AppError } from '../../shared/errors';
import { Role, type AuthUser } from '../../users';
import {
  OfficePurchaseFilingEntity,
  type OfficePurchaseFilingRow,
} from '../data-access/office-purchase-filing.entity';
import { filingDueAt, isAfterToday, isOverdue } from './due';
import { filingSchema, type FilingInput, type FilingListQuery } from './schemas';
import { assertSameRequest, requestHash } from '../../shared/http';

const CODE_PREFIX = 'BA';

/** A filing as the API answers it: the row without its idempotency bookkeeping, and the overdue flag. */
export type FilingView = Omit<OfficePurchaseFilingRow, 'id' | 'idempotencyKey' | 'requestHash'> & {
  overdue: boolean;
};

export const filingView = (row: OfficePurchaseFilingRow, now: Date): FilingView => ({
  code: row.code,
  departmentCode: row.departmentCode,
  purchaseKind: row.purchaseKind,
  description: row.description,
  amountYuan: row.amountYuan,
  purchaseCompletedOn: row.purchaseCompletedOn,
  dueAt: row.dueAt,
  submittedBy: row.submittedBy,
  processInstanceKey: row.processInstanceKey,
  filingSummary: row.filingSummary,
  eibRegistrationNo: row.eibRegistrationNo,
  filedAt: row.filedAt,
  late: row.late,
  createdAt: row.createdAt,
  overdue: isOverdue(row, now),
});

/** The variables an `office-purchase-filing` instance starts with. */
export const processVariablesOf = (row: OfficePurchaseFilingRow) => ({
  filingCode: row.code,
  departmentCode: row.departmentCode,
  purchaseKind: row.purchaseKind,
  purchaseDescription: row.description,
  amountYuan: row.amountYuan,
  purchaseCompletedOn: row.purchaseCompletedOn,
});

/** Starts the filing's process instance and answers its key (the API passes the engine's). */
export type StartFilingProcess = (variables: ReturnType<typeof processVariablesOf>) => Promise<string>;

/** The department a user files for; 403 when it is not theirs to file for. */
export function filingDepartment(user: AuthUser, requested: string | undefined): string {
  if (user.roles.includes(Role.Administrator)) {
    if (!requested)
      throw new AppError('bad-request', 'departmentCode is required when an administrator files');
    return requested;
  }
  if (!user.roles.includes(Role.DepartmentApplicant) || !user.departmentCode) {
    throw new AppError(
      'forbidden',
      'only a department applicant or an administrator may file office purchases',
    );
  }
  if (requested && requested !== user.departmentCode) {
    throw new AppError('forbidden', 'you may file office purchases only for your own department');
  }
  return user.departmentCode;
}

const filingHash = (input: FilingInput, department: string) =>
  requestHash({ ...input, departmentCode: department });

async function checkReferences(ds: DataSource, department: string, input: FilingInput, now: Date) {
  const problems: string[] = [];
  if (!(await ds.getRepository(DepartmentEntity).existsBy({ code: department })))
    problems.push(`unknown department "${department}"`);
  if (isAfterToday(input.purchaseCompletedOn, now))
    problems.push(
      `purchaseCompletedOn ${input.purchaseCompletedOn} is after today: file the purchase once it is completed`,
    );
  if (problems.length)
    throw new AppError('bad-request', problems.join('; '), { details: { errors: problems } });
}

async function nextFilingCode(tx: EntityManager, year: number): Promise<string> {
  await tx.query(
    'INSERT INTO office_purchase_code_counter (year, last_number) VALUES (?, 1) ON DUPLICATE KEY UPDATE last_number = last_number + 1',
    [year],
  );
  const [row] = (await tx.query('SELECT last_number AS n FROM office_purchase_code_counter WHERE year = ?', [
    year,
  ])) as { n: number }[];
  return `${CODE_PREFIX}-${year}-${String(row!.n).padStart(4, '0')}`;
}

/** Writes a new filing with its audit entry; the caller has checked the input and its references. */
async function insertFiling(
  ds: DataSource,
  f: {
    department: string;
    input: FilingInput;
    submittedBy: string;
    idempotencyKey: string;
    processInstanceKey: string | null;
    now: Date;
  },
): Promise<OfficePurchaseFilingRow> {
  return ds.transaction(async (tx) => {
    const code = await nextFilingCode(tx, Number(shanghaiDateOf(f.now).slice(0, 4)));
    const row: Omit<OfficePurchaseFilingRow, 'id'> = {
      code,
      departmentCode: f.department,
      purchaseKind: f.input.purchaseKind,
      description: f.input.description,
      amountYuan: f.input.amountYuan,
      purchaseCompletedOn: f.input.purchaseCompletedOn,
      dueAt: filingDueAt(f.input.purchaseCompletedOn),
      submittedBy: f.submittedBy,
      idempotencyKey: f.idempotencyKey,
      requestHash: filingHash(f.input, f.department),
      processInstanceKey: f.processInstanceKey,
      filingSummary: null,
      eibRegistrationNo: null,
      filedAt: null,
      late: null,
      createdAt: f.now,
    };
    await tx.getRepository(OfficePurchaseFilingEntity).insert(row);
    await appendAudit(tx, {
      at: f.now,
      actor: f.submittedBy,
      action: 'office-purchase.register',
      entityType: 'office-purchase-filing',
      entityId: code,
      beforeState: null,
      afterState: { ...row, rule: 'M10.3' },
    });
    return tx.getRepository(OfficePurchaseFilingEntity).findOneByOrFail({ code });
  });
}

export type BindResult = 'bound' | 'already-bound' | 'bound-to-another-instance' | 'no-such-filing';

/** Records the process instance on the filing; idempotent, and refuses a second instance. */
export async function bindFilingInstance(
  ds: DataSource,
  code: string,
  processInstanceKey: string,
): Promise<BindResult> {
  const result = await ds
    .createQueryBuilder()
    .update(OfficePurchaseFilingEntity)
    .set({ processInstanceKey })
    .where('code = :code AND process_instance_key IS NULL', { code })
    .execute();
  if (result.affected === 1) return 'bound';
  const filing = await ds.getRepository(OfficePurchaseFilingEntity).findOneBy({ code });
  if (!filing) return 'no-such-filing';
  return filing.processInstanceKey === processInstanceKey ? 'already-bound' : 'bound-to-another-instance';
}

export interface FileResult {
  filing: OfficePurchaseFilingRow;
  /** the same Idempotency-Key and body were sent before: nothing new was written */
  replayed: boolean;
}

/**
 * POST /api/office-purchases: registers the filing, then starts its process and binds it. A start
 * that fails leaves the filing without an instance and answers 503; the same request with the same
 * Idempotency-Key starts it then (a replay starts the instance a filing lacks).
 */
export async function fileOfficePurchase(
  ds: DataSource,
  user: AuthUser,
  input: FilingInput,
  idempotencyKey: string,
  now: Date,
  start: StartFilingProcess,
): Promise<FileResult> {
  const department = filingDepartment(user, input.departmentCode);
  const earlier = () =>
    ds.getRepository(OfficePurchaseFilingEntity).findOneBy({ submittedBy: user.username, idempotencyKey });
  const replay = async (row: OfficePurchaseFilingRow): Promise<FileResult> => {
    assertSameRequest(row.requestHash, filingHash(input, department), 'filing');
    return { filing: await ensureStarted(ds, row, start), replayed: true };
  };
  const known = await earlier();
  if (known) return replay(known);
  await checkReferences(ds, department, input, now);
  let filing: OfficePurchaseFilingRow;
  try {
    filing = await insertFiling(ds, {
      department,
      input,
      submittedBy: user.username,
      idempotencyKey,
      processInstanceKey: null,
      now,
    });
  } catch (e) {
    // the same key raced in from a parallel request: answer as its replay
    const raced = isDuplicateKey(e) ? await earlier() : null;
    if (raced) return replay(raced);
    throw e;
  }
  return { filing: await ensureStarted(ds, filing, start), replayed: false };
}

async function ensureStarted(
  ds: DataSource,
  filing: OfficePurchaseFilingRow,
  start: StartFilingProcess,
): Promise<OfficePurchaseFilingRow> {
  if (filing.processInstanceKey) return filing;
  let key: string;
  try {
    key = await start(processVariablesOf(filing));
  } catch (e) {
    throw new AppError(
      'unavailable',
      `filing ${filing.code} is recorded, but its process could not be started (${(e as Error).message}); send the same request with the same Idempotency-Key again`,
      { cause: e },
    );
  }
  // the instance's own register job may have bound it already; a second instance refuses itself there
  await bindFilingInstance(ds, filing.code, key);
  return ds.getRepository(OfficePurchaseFilingEntity).findOneByOrFail({ code: filing.code });
}

/** The start form's fields (Tasklist), as the process variables carry them. */
export interface StartFormFiling {
  departmentCode: string;
  purchaseKind?: unknown;
  purchaseDescription?: unknown;
  amountYuan?: unknown;
  purchaseCompletedOn?: unknown;
}

/** Turns the start form's variables into a filing; a problem names the form field (bad-request). */
export function filingFromStartForm(form: StartFormFiling): FilingInput {
  const parsed = filingSchema.safeParse({
    departmentCode: form.departmentCode,
    purchaseKind: form.purchaseKind,
    description: form.purchaseDescription,
    amountYuan: form.amountYuan,
    purchaseCompletedOn: form.purchaseCompletedOn,
  });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const field = i.path.join('.');
    return `${field === 'description' ? 'purchaseDescription' : field || 'filing'}: ${i.message}`;
  });
  throw new AppError('bad-request', problems.join('; '), { details: { errors: problems } });
}

/**
 * office-purchase.register: the API's filing (by `filingCode`) is bound to the instance; a filing
 * from Tasklist's start form is registered, keyed by the instance, as submitted by
 * `tasklist:<department>` (Tasklist 8.6 does not record who started a process; the department's own
 * group then files it). Refusals are bad-request (input) or conflict (a second instance).
 */
export async function registerFilingOfInstance(
  ds: DataSource,
  v: { filingCode?: string | null } & StartFormFiling,
  processInstanceKey: string,
  now: Date,
): Promise<OfficePurchaseFilingRow> {
  const repo = ds.getRepository(OfficePurchaseFilingEntity);
  if (v.filingCode) {
    const bound = await bindFilingInstance(ds, v.filingCode, processInstanceKey);
    if (bound === 'no-such-filing')
      throw new AppError('bad-request', `no office purchase filing ${v.filingCode}`);
    if (bound === 'bound-to-another-instance')
      throw new AppError('conflict', `filing ${v.filingCode} already runs in another process instance`);
    return repo.findOneByOrFail({ code: v.filingCode });
  }
  const existing = await repo.findOneBy({ processInstanceKey });
  if (existing) return existing;
  const input = filingFromStartForm(v);
  await checkReferences(ds, v.departmentCode, input, now);
  try {
    return await insertFiling(ds, {
      department: v.departmentCode,
      input,
      submittedBy: `tasklist:${v.departmentCode}`.slice(0, 64),
      idempotencyKey: `start-${processInstanceKey}`,
      processInstanceKey,
      now,
    });
  } catch (e) {
    const raced = isDuplicateKey(e) ? await repo.findOneBy({ processInstanceKey }) : null;
    if (raced) return raced;
    throw e;
  }
}

/**
 * office-purchase.record-filing: the EIB registered the filing. Recorded once: a second delivery
 * answers with what the first recorded. `late` is whether the filing deadline had passed before the
 * department filed (the engine's timer fired first).
 */
export async function recordFiling(
  ds: DataSource,
  f: { code: string; filingSummary: string; eibRegistrationNo: string; late: boolean; now: Date },
): Promise<OfficePurchaseFilingRow> {
  return ds.transaction(async (tx) => {
    const repo = tx.getRepository(OfficePurchaseFilingEntity);
    const before = await repo.findOne({ where: { code: f.code }, lock: { mode: 'pessimistic_write' } });
    if (!before) throw new AppError('bad-request', `no office purchase filing ${f.code}`);
    if (before.filedAt) return before;
    const change = {
      filingSummary: f.filingSummary,
      eibRegistrationNo: f.eibRegistrationNo,
      filedAt: f.now,
      late: f.late,
    };
    await repo.update({ code: f.code }, change);
    await appendAudit(tx, {
      at: f.now,
      actor: 'eib',
      action: 'office-purchase.filed',
      entityType: 'office-purchase-filing',
      entityId: f.code,
      beforeState: { filedAt: null },
      afterState: { ...change, rule: 'M10.3' },
    });
    return repo.findOneByOrFail({ code: f.code });
  });
}

/** Who sees which filings: department applicants their own department's; officers, owners, admins all. */
function visibleDepartment(user: AuthUser): string | null | 'all' {
  if (user.roles.some((r) => r === Role.Administrator || r === Role.AgencyOfficer || r === Role.ProcessOwner))
    return 'all';
  return user.roles.includes(Role.DepartmentApplicant) ? (user.departmentCode ?? null) : null;
}

/** GET /api/office-purchases: newest first, each with its overdue flag. */
export async function listFilings(
  ds: DataSource,
  user: AuthUser,
  q: FilingListQuery,
  now: Date,
): Promise<{ items: FilingView[]; page: number; pageSize: number; total: number }> {
  const scope = visibleDepartment(user);
  if (scope === null) return { items: [], page: q.page, pageSize: q.pageSize, total: 0 };
  const query = ds.getRepository(OfficePurchaseFilingEntity).createQueryBuilder('f');
  if (scope !== 'all') query.andWhere('f.department_code = :own', { own: scope });
  if (q.department) query.andWhere('f.department_code = :department', { department: q.department });
  const overdue = '((f.filed_at IS NULL AND f.due_at < :now) OR COALESCE(f.late, 0) = 1)';
  if (q.overdue === 'true') query.andWhere(overdue, { now });
  if (q.overdue === 'false') query.andWhere(`NOT ${overdue}`, { now });
  const [rows, total] = await query
    .orderBy('f.id', 'DESC')
    .skip((q.page - 1) * q.pageSize)
    .take(q.pageSize)
    .getManyAndCount();
  return { items: rows.map((r) => filingView(r, now)), page: q.page, pageSize: q.pageSize, total };
}
