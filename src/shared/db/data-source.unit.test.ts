import { parseDatabaseUrl } from './data-source';

describe('parseDatabaseUrl', () => {
  it('reads host, port, credentials and database', () => {
    expect(parseDatabaseUrl('mysql://app:s%40cret@db.local:3310/registry')).toEqual({
      host: 'db.local',
      port: 3310,
      user: 'app',
      password: 's@cret',
      database: 'registry',
    });
  });

  it('defaults to root and port 3306', () => {
    expect(parseDatabaseUrl('mariadb://127.0.0.1/egov')).toMatchObject({
      user: 'root',
      port: 3306,
      password: '',
    });
  });

  it.each([
    ['postgres://localhost/egov', /must start with mysql:\/\/ or mariadb:\/\//],
    ['mysql://localhost/egov;drop', /letters, digits and _/],
    ['mysql://localhost/', /letters, digits and _/],
  ])('rejects %s', (url, message) => expect(() => parseDatabaseUrl(url)).toThrow(message));
});
