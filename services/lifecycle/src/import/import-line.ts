import { z } from 'zod';
import type { InitialUserState, UserProfile } from '@idaas/identity';

/**
 * An argon2id PHC string as libs/crypto writes it (`$argon2id$v=19$m=..,t=..,p=..$salt$hash`).
 * The cost bounds keep an imported hash from making each sign-in of its user a denial of service
 * (a hash with m=4 GiB) while still accepting the weaker settings older systems used.
 */
const PHC_ARGON2ID = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{16,}$/;
const HASH_COST_LIMITS = { memoryKiB: [1024, 262144], iterations: [1, 10], parallelism: [1, 16] } as const;

function withinCostLimits(phc: string): boolean {
  const m = PHC_ARGON2ID.exec(phc);
  if (!m) return false;
  const [memory, iterations, parallelism] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const inRange = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;
  return (
    inRange(memory, HASH_COST_LIMITS.memoryKiB) &&
    inRange(iterations, HASH_COST_LIMITS.iterations) &&
    inRange(parallelism, HASH_COST_LIMITS.parallelism)
  );
}

/** One line of an import file. Unknown fields are refused, so a misspelt field is not lost silently. */
export const importLine = z
  .object({
    email: z.string().trim().email().max(320),
    givenName: z.string().trim().min(1).max(200).optional(),
    familyName: z.string().trim().min(1).max(200).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    locale: z.string().min(2).max(35).optional(),
    password: z.string().min(1).max(1024).optional(),
    passwordHash: z
      .string()
      .max(512)
      .refine(withinCostLimits, {
        message: 'must be an argon2id PHC string ($argon2id$v=19$m=..,t=..,p=..$salt$hash) of sane cost',
      })
      .optional(),
    state: z.enum(['active', 'pending_invite']).optional(),
    emailVerified: z.boolean().optional(),
  })
  .strict()
  .refine((l) => l.password === undefined || l.passwordHash === undefined, {
    message: 'give either password or passwordHash, not both',
    path: ['passwordHash'],
  })
  .refine((l) => l.state !== 'active' || l.password !== undefined || l.passwordHash !== undefined, {
    // An active user without a password could not sign in; without one the user is invited.
    message: 'an active user needs a password or passwordHash',
    path: ['state'],
  });

/** A valid line, ready to become a user. `password` is clear text still to be hashed. */
export interface ImportedUser {
  line: number;
  email: string;
  profile: UserProfile;
  state: InitialUserState;
  emailVerified: boolean;
  password?: string;
  passwordHash?: string;
}

/** Why a line was not imported. Never carries the line's content: reasons end up in job records and logs. */
export interface LineFailure {
  line: number;
  field?: string;
  reason: string;
}

export type ParsedLine = { ok: true; user: ImportedUser } | { ok: false; failure: LineFailure };

/** One NDJSON line to a user or to a failure naming the field; blank lines are the caller's to skip. */
export function parseImportLine(text: string, line: number): ParsedLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, failure: { line, reason: 'not valid JSON' } };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { ok: false, failure: { line, reason: 'not a JSON object' } };
  const parsed = importLine.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.');
    const reason = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
    return { ok: false, failure: { line, ...(field ? { field } : {}), reason } };
  }
  const l = parsed.data;
  const profile: UserProfile = {
    ...(l.name === undefined ? {} : { name: l.name }),
    ...(l.givenName === undefined ? {} : { givenName: l.givenName }),
    ...(l.familyName === undefined ? {} : { familyName: l.familyName }),
    ...(l.locale === undefined ? {} : { locale: l.locale }),
  };
  const hasPassword = l.password !== undefined || l.passwordHash !== undefined;
  return {
    ok: true,
    user: {
      line,
      email: l.email,
      profile,
      state: l.state ?? (hasPassword ? 'active' : 'pending_invite'),
      emailVerified: l.emailVerified ?? false,
      ...(l.password === undefined ? {} : { password: l.password }),
      ...(l.passwordHash === undefined ? {} : { passwordHash: l.passwordHash }),
    },
  };
}
