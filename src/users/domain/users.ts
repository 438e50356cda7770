/** Accounts: scrypt password hashes, verified in constant time; the initial administrator is idempotent. */
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { UserEntity, type UserRow } from '../data-access/user.entity';
import { Role } from './roles';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;
const KEY_LENGTH = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length);
  return crypto.timingSafeEqual(actual, expected);
}

export type AuthUser = Pick<UserRow, 'username' | 'displayName' | 'roles' | 'departmentCode' | 'agencyCode'>;

/** The user when the credentials are right and the account is enabled; otherwise undefined. */
export async function authenticate(
  ds: DataSource,
  username: string,
  password: string,
): Promise<AuthUser | undefined> {
  const user = await ds.getRepository(UserEntity).findOneBy({ username });
  // hash anyway when the user is unknown, so timing does not reveal which usernames exist
  const ok = await verifyPassword(
    password,
    user?.passwordHash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  );
  if (!user || !ok || user.disabled) return undefined;
  return {
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    departmentCode: user.departmentCode,
    agencyCode: user.agencyCode,
  };
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  departmentCode?: string | null;
  agencyCode?: string | null;
}

/** Creates the user if missing; an existing account is left as it is (idempotent seeding). */
export async function ensureUser(ds: DataSource, user: NewUser): Promise<boolean> {
  const repo = ds.getRepository(UserEntity);
  if (await repo.existsBy({ username: user.username })) return false;
  await repo
    .createQueryBuilder()
    .insert()
    .values({
      username: user.username,
      displayName: user.displayName,
      passwordHash: await hashPassword(user.password),
      roles: user.roles,
      departmentCode: user.departmentCode ?? null,
      agencyCode: user.agencyCode ?? null,
      disabled: false,
      createdAt: new Date(),
    })
    .orIgnore()
    .execute();
  return true;
}

export function ensureInitialAdmin(ds: DataSource, username: string, password: string): Promise<boolean> {
  return ensureUser(ds, {
    username,
    displayName: '系统管理员',
    password,
    roles: [Role.Administrator, Role.CalendarAdmin],
  });
}
