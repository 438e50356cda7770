/**
 * Where people sign in, derived from the configuration once: the OpenID Connect provider (the
 * city's unified identity authentication in production, the local Keycloak that `npm start` and
 * `npm test` run otherwise), the API's confidential client and the browser session's lifetimes.
 */
import type { Config } from '../config';
import type { OidcSettings } from './oidc';

export interface WebSignInSettings {
  issuer: string;
  /** the issuer as the API reaches it (OIDC_ISSUER_BACKEND_URL; else `issuer`) */
  backendIssuer: string;
  clientId: string;
  clientSecret: string;
  /** URL browsers reach the API at: the callback is `<publicUrl>/auth/callback` */
  publicUrl: string;
  idleMs: number;
  maxMs: number;
}

export interface IdentitySettings {
  /** bearer tokens (and the tokens of a browser session) are verified with these */
  oidc?: OidcSettings;
  /** the modeler's sign-in (authorization code + PKCE, done by the API) */
  web?: WebSignInSettings;
  /** HTTP Basic for app_user accounts (break-glass, test harness) */
  basic: boolean;
}

export function apiPublicUrl(c: Config): string {
  return (c.API_PUBLIC_URL || `http://127.0.0.1:${c.API_PORT}`).replace(/\/+$/, '');
}

/** The local Keycloak's issuer (the realm `npm start` and `npm test` seed). */
export function localIssuer(c: Config): string {
  return `http://127.0.0.1:${c.KEYCLOAK_PORT}/realms/${c.KEYCLOAK_REALM}`;
}

export function identitySettings(c: Config): IdentitySettings {
  // without an issuer of its own, the API uses the local Keycloak when the scripts run it
  const issuer = c.OIDC_ISSUER || (c.CAMUNDA_WEBAPPS ? localIssuer(c) : '');
  if (!issuer) return { basic: c.API_BASIC_AUTH };
  return {
    oidc: {
      issuer,
      jwksUrl: c.OIDC_JWKS_URL || `${issuer}/protocol/openid-connect/certs`,
      audience: c.OIDC_AUDIENCE,
    },
    web: {
      issuer,
      backendIssuer: (c.OIDC_ISSUER_BACKEND_URL || issuer).replace(/\/+$/, ''),
      clientId: c.OIDC_CLIENT_ID,
      clientSecret: c.OIDC_CLIENT_SECRET,
      publicUrl: apiPublicUrl(c),
      idleMs: c.WEB_SESSION_IDLE_S * 1000,
      maxMs: c.WEB_SESSION_MAX_S * 1000,
    },
    basic: c.API_BASIC_AUTH,
  };
}
