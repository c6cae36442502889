import { z } from 'zod';
import type { User, UserProfile, UserState } from '@idaas/identity';
import type { AttributeMap, Query } from './filter/to-query';
import { invalidFilter, invalidValue } from './scim-problem';
import { etagOf, USER_SCHEMA } from './schemas';

/**
 * SCIM `active` is the administrative status: true while an admin has not disabled the user
 * (a lock or a forced reset is a sign-in matter, not an administrative one). Invitees and
 * unverified users are not active yet; a suspended user is not active until reactivated.
 */
export const ACTIVE_STATES: readonly UserState[] = ['active', 'locked', 'password_reset_required'];

export const isActive = (state: UserState) => ACTIVE_STATES.includes(state);

/** The User attributes a filter or sortBy may name, and where each is stored. */
export const USER_ATTRIBUTES: AttributeMap = {
  id: { field: '_id', type: 'string', caseExact: true },
  // userName is the email, stored lower-cased for uniqueness: compare against that form.
  username: { field: 'emailNormalized', type: 'string', normalize: (v) => v.trim().toLowerCase() },
  'emails.value': { field: 'emailNormalized', type: 'string', normalize: (v) => v.trim().toLowerCase() },
  displayname: { field: 'profile.name', type: 'string' },
  'name.givenname': { field: 'profile.givenName', type: 'string' },
  'name.familyname': { field: 'profile.familyName', type: 'string' },
  locale: { field: 'profile.locale', type: 'string' },
  'meta.created': { field: 'createdAt', type: 'dateTime' },
  'meta.lastmodified': { field: 'updatedAt', type: 'dateTime' },
  active: { field: 'state', type: 'boolean', translate: activeQuery },
};

function activeQuery(op: string, value: unknown): Query {
  if (op === 'pr') return { state: { $exists: true } };
  if ((op !== 'eq' && op !== 'ne') || typeof value !== 'boolean')
    throw invalidFilter('active is a boolean: use eq or ne with true or false.');
  const wantActive = (op === 'eq') === value;
  return { state: wantActive ? { $in: [...ACTIVE_STATES] } : { $nin: [...ACTIVE_STATES] } };
}

/** A user as SCIM shows it (RFC 7643 section 4.1). `userName` is the sign-in email. */
export function toScimUser(user: User, location: string) {
  const { givenName, familyName, name, locale } = user.profile;
  return {
    schemas: [USER_SCHEMA],
    id: user.userId,
    userName: user.email,
    ...(givenName || familyName
      ? { name: { ...(givenName ? { givenName } : {}), ...(familyName ? { familyName } : {}) } }
      : {}),
    ...(name ? { displayName: name } : {}),
    ...(locale ? { locale } : {}),
    emails: [{ value: user.email, type: 'work', primary: true }],
    active: isActive(user.state),
    meta: {
      resourceType: 'User',
      created: user.createdAt.toISOString(),
      lastModified: user.updatedAt.toISOString(),
      location,
      version: etagOf(user.version),
    },
  };
}

const text = (max: number) => z.string().trim().min(1).max(max);

/** What a client may send for a User (POST and PUT bodies, and the result of a PATCH). */
export const scimUserInput = z.object({
  schemas: z.array(z.string()).refine((s) => s.includes(USER_SCHEMA), `must include ${USER_SCHEMA}`),
  userName: z.string().trim().email().max(254),
  name: z.object({ givenName: text(100).optional(), familyName: text(100).optional() }).optional(),
  displayName: text(200).optional(),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 tag such as de-CH')
    .optional(),
  emails: z
    .array(
      z.object({
        value: z.string().trim().email().max(254),
        type: z.string().max(20).optional(),
        primary: z.boolean().optional(),
      }),
    )
    .max(10)
    .optional(),
  active: z.boolean().optional(),
  password: z.string().min(8).max(256).optional(),
});

export type ScimUserInput = z.output<typeof scimUserInput>;

/** What a SCIM User means for the directory. */
export interface UserChange {
  email: string;
  profile: UserProfile;
  active?: boolean;
  password?: string;
}

/**
 * The email comes from `userName`, unless the request changed only the primary (or work) email,
 * e.g. PATCH `emails[type eq "work"].value`: then that is the new sign-in name.
 */
export function toUserChange(input: ScimUserInput, previousEmail?: string): UserChange {
  const mail =
    input.emails?.find((e) => e.primary) ?? input.emails?.find((e) => e.type === 'work') ?? input.emails?.[0];
  const userNameKept =
    previousEmail !== undefined && input.userName.toLowerCase() === previousEmail.toLowerCase();
  const email = userNameKept && mail ? mail.value : input.userName;
  if (previousEmail === undefined && mail && mail.value.toLowerCase() !== input.userName.toLowerCase())
    throw invalidValue('userName is the sign-in email: the primary email must be the same address.');
  const profile: UserProfile = {
    ...(input.displayName ? { name: input.displayName } : {}),
    ...(input.name?.givenName ? { givenName: input.name.givenName } : {}),
    ...(input.name?.familyName ? { familyName: input.name.familyName } : {}),
    ...(input.locale ? { locale: input.locale } : {}),
  };
  return {
    email,
    profile,
    ...(input.active === undefined ? {} : { active: input.active }),
    ...(input.password === undefined ? {} : { password: input.password }),
  };
}

const CANONICAL: Record<string, string> = Object.fromEntries(
  [
    'schemas',
    'userName',
    'name',
    'displayName',
    'locale',
    'emails',
    'active',
    'password',
    'givenName',
    'familyName',
    'value',
    'type',
    'primary',
  ].map((k) => [k.toLowerCase(), k]),
);

/** Attribute names are case-insensitive (RFC 7643 section 2.1): bring them to their canonical case. */
export function canonicalNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalNames);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [CANONICAL[k.toLowerCase()] ?? k, canonicalNames(v)]),
  );
}
