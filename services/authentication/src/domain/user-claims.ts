import type { User } from '@idaas/identity';

/** The tenant's custom roles and permissions a user holds (management plane API resources and roles). */
export interface HeldAccess {
  roles: string[];
  permissions: string[];
}

/** Standard claims each scope releases (OpenID Connect Core section 5.4). */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name', 'locale'],
  email: ['email', 'email_verified'],
} as const;

/** Our own claims, released with `openid` when the tenant assigned the user any role. */
export const ACCESS_CLAIMS = ['roles', 'permissions'] as const;

export type UserClaims = Record<string, string | boolean | string[]>;

/**
 * The claims about a user that the granted scopes release. Absent profile fields are left out
 * rather than sent empty (OpenID Connect Core section 5.3.2).
 * https://openid.net/specs/openid-connect-core-1_0.html#ScopeClaims
 */
export function userClaims(user: User, scope: readonly string[], access?: HeldAccess): UserClaims {
  const claims: UserClaims = { sub: user.userId };
  if (scope.includes('profile')) {
    const { name, givenName, familyName, locale } = user.profile;
    if (name) claims.name = name;
    if (givenName) claims.given_name = givenName;
    if (familyName) claims.family_name = familyName;
    if (locale) claims.locale = locale;
  }
  if (scope.includes('email')) {
    claims.email = user.email;
    claims.email_verified = user.emailVerified;
  }
  if (access && access.roles.length > 0) claims.roles = access.roles;
  if (access && access.permissions.length > 0) claims.permissions = access.permissions;
  return claims;
}
