import type { DataSource } from 'typeorm';
import { agencies, departments } from '../../../db/seeds/organisations';
import { AgencyEntity, DepartmentEntity } from '../data-access/organisation.entities';

/** Inserts or updates the seeded agencies and departments (idempotent). */
export async function seedOrganisations(ds: DataSource): Promise<void> {
  await ds.getRepository(AgencyEntity).upsert([...agencies], ['code']);
  await ds.getRepository(DepartmentEntity).upsert([...departments], ['code']);
}

export function listDepartments(ds: DataSource) {
  return ds.getRepository(DepartmentEntity).find({ order: { code: 'ASC' } });
}

/** The agencies and departments with their codes and Chinese names, for forms. */
export async function listOrganisations(ds: DataSource) {
  const [agencyRows, departmentRows] = await Promise.all([
    ds.getRepository(AgencyEntity).find({ order: { code: 'ASC' } }),
    listDepartments(ds),
  ]);
  return { agencies: agencyRows, departments: departmentRows };
}
