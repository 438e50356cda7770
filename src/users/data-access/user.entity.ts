import { EntitySchema } from 'typeorm';
import type { Role } from '../domain/roles';

export interface UserRow {
  username: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  departmentCode: string | null;
  agencyCode: string | null;
  disabled: boolean;
  createdAt: Date;
}

export const UserEntity = new EntitySchema<UserRow>({
  name: 'AppUser',
  tableName: 'app_user',
  columns: {
    username: { type: 'varchar', length: 64, primary: true },
    displayName: { type: 'varchar', length: 100, name: 'display_name' },
    passwordHash: { type: 'varchar', length: 200, name: 'password_hash' },
    roles: { type: 'json' },
    departmentCode: { type: 'varchar', length: 32, name: 'department_code', nullable: true },
    agencyCode: { type: 'varchar', length: 32, name: 'agency_code', nullable: true },
    disabled: { type: 'boolean', default: false },
    createdAt: { type: 'datetime', precision: 3, name: 'created_at' },
  },
});
