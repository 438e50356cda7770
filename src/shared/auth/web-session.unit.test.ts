import { backchannelUrl, safeReturnPath } from './web-session';

describe('safeReturnPath (where /auth/login sends the browser after sign-in)', () => {
  it.each([['/modeler/'], ['/modeler/?open=technical-review'], ['/api/docs']])(
    'given a path of this server (%s), then it is kept',
    (path) => expect(safeReturnPath(path)).toBe(path),
  );

  it.each([
    ['another site', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example/'],
    ['a backslash trick', '/\\evil.example/'],
    ['a script URL', 'javascript:alert(1)'],
    ['a header injection', '/modeler/\r\nSet-Cookie: x=1'],
    ['nothing', undefined],
    ['a list', ['/a', '/b']],
  ])('given %s, then the modeler is used instead', (_what, value) => {
    expect(safeReturnPath(value)).toBe('/modeler/');
  });
});

describe('backchannelUrl (endpoints the API calls itself, e.g. from a container)', () => {
  const issuer = 'http://localhost:8180/realms/egov';
  const backend = 'http://keycloak:8080/realms/egov';

  it('given an endpoint under the browser-facing issuer, then it is called at the backend address', () => {
    expect(backchannelUrl(`${issuer}/protocol/openid-connect/token`, issuer, backend)).toBe(
      `${backend}/protocol/openid-connect/token`,
    );
  });

  it.each([
    [
      'an endpoint the provider already names at the backend address',
      `${backend}/protocol/openid-connect/certs`,
    ],
    ['an endpoint on another host', 'https://sso.example/token'],
    ['a realm whose name only starts like it', 'http://localhost:8180/realms/egov2/token'],
  ])('given %s, then it is kept', (_what, url) => {
    expect(backchannelUrl(url, issuer, backend)).toBe(url);
  });

  it('given no backend address of its own (the issuer), then nothing changes', () => {
    const url = `${issuer}/protocol/openid-connect/token`;
    expect(backchannelUrl(url, issuer, issuer)).toBe(url);
  });
});
