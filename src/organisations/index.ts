export { seedOrganisations, listDepartments, listOrganisations } from './domain/organisations';
export type { AgencyRow, DepartmentRow } from './data-access/organisation.entities';
