import type { DataSource } from 'typeorm';
import { openDataSource } from '../../shared/testing';
import { Role } from './roles';
import { UserEntity } from '../data-access/user.entity';
import {
  administratorsWithKnownPasswords,
  authenticate,
  ensureUser,
  hashPassword,
  refuseExposureWithKnownPasswords,
} from './users';

describe('users', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDataSource();
  });
  afterAll(() => ds.destroy());

  const user = (username: string, password = 'a-long-secret', roles: Role[] = [Role.ProcessOwner]) => ({
    username,
    displayName: username,
    password,
    roles,
  });
  const exists = (username: string) => ds.getRepository(UserEntity).existsBy({ username });

  describe('creating users', () => {
    beforeAll(async () => {
      await ensureUser(ds, user('usr-dora'));
    });

    it.each([
      ['upper case', 'USR-DORA'],
      ['an accent', 'usr-dóra'],
      ['full-width letters', 'ｕｓｒ－ｄｏｒａ'],
      ['a trailing space', 'usr-dora '],
      ['a zero-width space', 'usr-d\u200Bora'],
      ['a trailing NUL byte', 'usr-dora\u0000'],
      ['a right-to-left override', 'usr-\u202Earod'],
    ])('given a user usr-dora, refuses a new username with %s', async (_what, name) => {
      await expect(ensureUser(ds, user(name))).rejects.toThrow(
        /looks like the existing username|must not|normal form/,
      );
    });

    it('refuses a look-alike of an existing user with 409 and control characters with 400', async () => {
      await expect(ensureUser(ds, user('Usr-Dora'))).rejects.toMatchObject({ status: 409 });
      await expect(ensureUser(ds, user('usr-\u0007eve'))).rejects.toMatchObject({ status: 400 });
      expect(await exists('usr-\u0007eve')).toBe(false);
    });

    it('still creates a distinct user, and leaves an existing one as it is', async () => {
      expect(await ensureUser(ds, user('usr-dora2'))).toBe(true);
      expect(await ensureUser(ds, user('usr-dora', 'another-password'))).toBe(false);
      expect(await authenticate(ds, 'usr-dora', 'a-long-secret')).toHaveProperty('user');
    });

    it('given the same new account created by several callers at once, then each succeeds and one account exists', async () => {
      // (the lifecycle benchmark submits two projects of a department side by side: both ensure its user)
      const name = `usr-par-${Date.now()}`;
      const created = await Promise.all([1, 2, 3, 4].map(() => ensureUser(ds, user(name))));
      expect(created.filter(Boolean).length).toBe(1);
      expect(await ds.getRepository(UserEntity).countBy({ username: name })).toBe(1);
    });

    it('authenticates only the exact username', async () => {
      expect(await authenticate(ds, 'USR-DORA', 'a-long-secret')).toEqual({ failure: 'unknown-user' });
      expect(await authenticate(ds, 'usr-dora\u0000', 'a-long-secret')).toEqual({ failure: 'unknown-user' });
      expect(await authenticate(ds, 'usr-dora', 'wrong')).toEqual({ failure: 'wrong-password' });
    });
  });

  describe('exposing the API beyond loopback', () => {
    beforeAll(async () => {
      await ensureUser(ds, user('usr-weak-admin', 'admin', [Role.Administrator]));
      await ensureUser(ds, user('usr-self-admin', 'usr-self-admin', [Role.Administrator]));
      await ensureUser(ds, user('usr-strong-admin', 'Kx9-correct-horse', [Role.Administrator]));
      await ensureUser(ds, user('usr-weak-owner', 'admin', [Role.ProcessOwner]));
    });

    it('finds administrators whose stored password is the shipped default or their own username, whatever the environment says', async () => {
      const weak = await administratorsWithKnownPasswords(ds, ['admin']);
      expect(weak).toEqual(expect.arrayContaining(['usr-weak-admin', 'usr-self-admin']));
      expect(weak).not.toContain('usr-strong-admin');
      expect(weak).not.toContain('usr-weak-owner'); // not an administrator
    });

    it('refuses a non-loopback host while such an administrator exists, and allows loopback', async () => {
      await expect(refuseExposureWithKnownPasswords(ds, '0.0.0.0', ['admin'])).rejects.toThrow(
        /API_HOST=0\.0\.0\.0 .*usr-weak-admin.*change it first/,
      );
      await expect(refuseExposureWithKnownPasswords(ds, '127.0.0.1', ['admin'])).resolves.toBeUndefined();
    });

    it('takes an administrator off the list once their stored password is changed', async () => {
      await ds
        .getRepository(UserEntity)
        .update({ username: 'usr-weak-admin' }, { passwordHash: await hashPassword('Kx9-battery-staple') });
      expect(await administratorsWithKnownPasswords(ds, ['admin'])).not.toContain('usr-weak-admin');
    });
  });
});
