export { seedOrganisations, listDepartments } from './domain/organisations';
export type { AgencyRow, DepartmentRow } from './data-access/organisation.entities';
