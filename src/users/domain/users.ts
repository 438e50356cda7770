/** Accounts: scrypt password hashes, verified in constant time; the initial administrator is idempotent. */
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { isDuplicateKey } from '../../shared/db';
import { AppError } from '../../shared/errors';
import { UserEntity, type UserRow } from '../data-access/user.entity';
import { Role } from './roles';
import { usernameProblem, usernameSkeleton } from './usernames';

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

/** Why a sign-in failed: for the audit log only; the client gets the same answer for each. */
export type SignInFailure = 'unknown-user' | 'wrong-password' | 'disabled';

/** Finds the account named exactly `username`: the column's collation matches look-alikes too. */
async function exactUser(ds: DataSource, username: string): Promise<UserRow | undefined> {
  const user = await ds.getRepository(UserEntity).findOneBy({ username });
  return user && user.username === username ? user : undefined;
}

/** The user when the credentials are right and the account is enabled; otherwise why not. */
export async function authenticate(
  ds: DataSource,
  username: string,
  password: string,
): Promise<{ user: AuthUser } | { failure: SignInFailure }> {
  const user = await exactUser(ds, username);
  // hash anyway when the user is unknown, so timing does not reveal which usernames exist
  const ok = await verifyPassword(
    password,
    user?.passwordHash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  );
  if (!user) return { failure: 'unknown-user' };
  if (!ok) return { failure: 'wrong-password' };
  if (user.disabled) return { failure: 'disabled' };
  return {
    user: {
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      departmentCode: user.departmentCode,
      agencyCode: user.agencyCode,
    },
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

/**
 * Creates the user if missing; an existing account is left as it is (idempotent seeding). A
 * username with invisible or control characters, or one that looks like an existing username
 * (same letters up to case, accents, full-width forms or invisible characters), is refused.
 */
export async function ensureUser(ds: DataSource, user: NewUser): Promise<boolean> {
  const repo = ds.getRepository(UserEntity);
  if (await exactUser(ds, user.username)) return false;
  const problem = usernameProblem(user.username);
  if (problem) throw new AppError('bad-request', `username ${JSON.stringify(user.username)}: ${problem}`);
  const lookAlike = () => {
    const skeleton = usernameSkeleton(user.username);
    return repo
      .find({ select: { username: true } })
      .then((all) => all.find((u) => usernameSkeleton(u.username) === skeleton)?.username);
  };
  const existing = await lookAlike();
  // the same account, created meanwhile by a parallel call
  if (existing === user.username) return false;
  if (existing) throw lookAlikeError(user.username, existing);
  try {
    await repo.insert({
      username: user.username,
      displayName: user.displayName,
      passwordHash: await hashPassword(user.password),
      roles: user.roles,
      departmentCode: user.departmentCode ?? null,
      agencyCode: user.agencyCode ?? null,
      disabled: false,
      createdAt: new Date(),
    });
  } catch (e) {
    // a parallel creation of the same account, or of a look-alike the collation refuses
    if (!isDuplicateKey(e)) throw e;
    if (await exactUser(ds, user.username)) return false;
    throw lookAlikeError(user.username, (await lookAlike()) ?? 'an existing user');
  }
  return true;
}

const lookAlikeError = (username: string, existing: string) =>
  new AppError(
    'conflict',
    `username ${JSON.stringify(username)} looks like the existing username ${JSON.stringify(existing)}`,
  );

/**
 * Enabled administrators whose stored password is a well-known one: one of `knownPasswords`
 * (the shipped default) or their own username. Such an account must not be reachable from
 * other machines, whatever the environment now says the password is.
 */
export async function administratorsWithKnownPasswords(
  ds: DataSource,
  knownPasswords: readonly string[],
): Promise<string[]> {
  const users = await ds.getRepository(UserEntity).findBy({ disabled: false });
  const weak: string[] = [];
  for (const u of users.filter((r) => r.roles.includes(Role.Administrator))) {
    for (const candidate of [...knownPasswords, u.username]) {
      if (await verifyPassword(candidate, u.passwordHash)) {
        weak.push(u.username);
        break;
      }
    }
  }
  return weak;
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

/**
 * Refuses to serve on `host` beyond loopback while an administrator's stored password is a
 * well-known one (see `administratorsWithKnownPasswords`).
 */
export async function refuseExposureWithKnownPasswords(
  ds: DataSource,
  host: string,
  knownPasswords: readonly string[],
): Promise<void> {
  if (LOOPBACK_HOSTS.includes(host)) return;
  const weak = await administratorsWithKnownPasswords(ds, knownPasswords);
  if (weak.length) {
    throw new Error(
      `API_HOST=${host} is reachable from other machines, but the stored password of administrator ${weak.join(', ')} is a well-known default: change it first`,
    );
  }
}

export function ensureInitialAdmin(ds: DataSource, username: string, password: string): Promise<boolean> {
  return ensureUser(ds, {
    username,
    displayName: '系统管理员',
    password,
    roles: [Role.Administrator, Role.CalendarAdmin],
  });
}
