import { loadConfig } from '../config';
import { identitySettings } from './settings';

describe('identitySettings', () => {
  it('given OIDC_ISSUER_BACKEND_URL, then the web sign-in reaches the provider there and verifies the browser-facing issuer', () => {
    const s = identitySettings(
      loadConfig({
        OIDC_ISSUER: 'http://localhost:8180/realms/egov',
        OIDC_ISSUER_BACKEND_URL: 'http://keycloak:8080/realms/egov/',
        OIDC_JWKS_URL: 'http://keycloak:8080/realms/egov/protocol/openid-connect/certs',
      }),
    );
    expect(s.web?.issuer).toBe('http://localhost:8180/realms/egov');
    expect(s.web?.backendIssuer).toBe('http://keycloak:8080/realms/egov');
    expect(s.oidc?.issuer).toBe('http://localhost:8180/realms/egov');
  });

  it('given no backend URL, then the API reaches the provider at its issuer', () => {
    const s = identitySettings(
      loadConfig({
        OIDC_ISSUER: 'https://sso.example/realms/city',
        OIDC_JWKS_URL: 'https://sso.example/realms/city/certs',
      }),
    );
    expect(s.web?.backendIssuer).toBe('https://sso.example/realms/city');
  });
});
