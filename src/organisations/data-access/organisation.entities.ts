import { EntitySchema } from 'typeorm';

export interface AgencyRow {
  code: string;
  name: string;
  englishName: string;
}
export interface DepartmentRow {
  code: string;
  name: string;
  isCounty: boolean;
}

export const AgencyEntity = new EntitySchema<AgencyRow>({
  name: 'Agency',
  tableName: 'agency',
  columns: {
    code: { type: 'varchar', length: 32, primary: true },
    name: { type: 'varchar', length: 100 },
    englishName: { type: 'varchar', length: 100, name: 'english_name' },
  },
});

export const DepartmentEntity = new EntitySchema<DepartmentRow>({
  name: 'Department',
  tableName: 'department',
  columns: {
    code: { type: 'varchar', length: 32, primary: true },
    name: { type: 'varchar', length: 100 },
    isCounty: { type: 'boolean', name: 'is_county' },
  },
});
