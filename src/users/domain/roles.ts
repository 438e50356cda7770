/** Roles of the API. A user may hold several. */
export const Role = {
  Administrator: 'administrator',
  /** may replace a year's working-day schedule */
  CalendarAdmin: 'calendar-admin',
  ProcessOwner: 'process-owner',
  AgencyOfficer: 'agency-officer',
  DepartmentApplicant: 'department-applicant',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
