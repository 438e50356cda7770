/**
 * Bearer tokens from an OpenID Connect provider (Keycloak, or Camunda Identity where it runs):
 * signature checked against the issuer's JWKS, issuer, audience and expiry enforced, asymmetric
 * algorithms only. Claims map to the API's user: `preferred_username` (else `sub`), roles from
 * `roles` or Keycloak's `realm_access.roles` (unknown roles ignored), `department` and `agency`.
 */
import { createRemoteJWKSet, jwtVerify, errors, type JWTPayload } from 'jose';
import { Role, type AuthUser } from '../../users';

export interface OidcSettings {
  issuer: string;
  jwksUrl: string;
  audience: string;
}

const knownRoles = new Set<string>(Object.values(Role));

function rolesOf(payload: JWTPayload): Role[] {
  const direct = payload.roles;
  const keycloak = (payload.realm_access as { roles?: unknown } | undefined)?.roles;
  const all = [...(Array.isArray(direct) ? direct : []), ...(Array.isArray(keycloak) ? keycloak : [])];
  return [...new Set(all.filter((r): r is Role => typeof r === 'string' && knownRoles.has(r)))];
}

export type BearerVerifier = (token: string) => Promise<AuthUser | string>;

/** Returns the user, or the reason the token is refused. */
export function bearerVerifier(settings: OidcSettings): BearerVerifier {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl));
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['RS256', 'PS256', 'ES256'],
      });
      const username = (payload.preferred_username as string | undefined) ?? payload.sub;
      if (!username) return 'the token names no user (preferred_username or sub)';
      return {
        username,
        displayName: (payload.name as string | undefined) ?? username,
        roles: rolesOf(payload),
        departmentCode: (payload.department as string | undefined) ?? null,
        agencyCode: (payload.agency as string | undefined) ?? null,
      };
    } catch (e) {
      if (e instanceof errors.JWTExpired) return 'the token has expired';
      if (e instanceof errors.JWTClaimValidationFailed) return `the token is not for this API: ${e.message}`;
      return 'the token could not be verified';
    }
  };
}
