import { z } from 'zod';
import { defineEvent } from '../catalog';

/** Every knob of a tenant's policy, with the defaults a new tenant gets. */
export const policySchema = z.object({
  signUp: z
    .object({
      enabled: z.boolean().default(true),
      emailVerification: z.boolean().default(true),
      allowedEmailDomains: z
        .array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'a domain such as example.com'))
        .max(100)
        .default([]),
    })
    .default({ enabled: true, emailVerification: true, allowedEmailDomains: [] }),
  password: z
    .object({
      minLength: z.number().int().min(8).max(128).default(12),
      blockCommon: z.boolean().default(true),
      history: z.number().int().min(0).max(24).default(3),
    })
    .default({ minLength: 12, blockCommon: true, history: 3 }),
  lockout: z
    .object({
      maxAttempts: z.number().int().min(1).max(100).default(5),
      durationSeconds: z.number().int().min(1).max(86400).default(900),
    })
    .default({ maxAttempts: 5, durationSeconds: 900 }),
  session: z
    .object({
      idleSeconds: z
        .number()
        .int()
        .min(60)
        .max(30 * 86400)
        .default(3600),
      absoluteSeconds: z
        .number()
        .int()
        .min(300)
        .max(365 * 86400)
        .default(7 * 86400),
    })
    .default({ idleSeconds: 3600, absoluteSeconds: 7 * 86400 }),
  tokens: z
    .object({
      accessTokenSeconds: z.number().int().min(60).max(86400).default(600),
      refreshTokenSeconds: z
        .number()
        .int()
        .min(300)
        .max(365 * 86400)
        .default(30 * 86400),
    })
    .default({ accessTokenSeconds: 600, refreshTokenSeconds: 30 * 86400 }),
  mfa: z
    .object({
      mode: z.enum(['required', 'optional', 'off']).default('optional'),
      methods: z
        .array(z.enum(['totp', 'webauthn', 'email_otp', 'recovery_code']))
        .default(['totp', 'webauthn', 'recovery_code']),
      rememberDeviceDays: z.number().int().min(0).max(365).default(0),
      /**
       * Adaptive rules (issue 7), evaluated by `decideMfa`: where the mode alone asks for no code
       * (off, or a remembered device), a sign-in that matches one is asked for the second factor
       * of a user who has one. Optional rather than defaulted, like `lifecycle` below, so the
       * published `idaas.policy.changed.v1` stays compatible: absent means off.
       */
      stepUpOnNewDevice: z.boolean().optional(),
      /** Needs TRUSTED_COUNTRY_HEADER set on the region; without it there is no country signal. */
      stepUpOnNewCountry: z.boolean().optional(),
      /** Failed password attempts since the last success, the latest within the hour; 0 = off. */
      stepUpAfterFailures: z.number().int().min(0).max(100).optional(),
    })
    .default({
      mode: 'optional',
      methods: ['totp', 'webauthn', 'recovery_code'],
      rememberDeviceDays: 0,
    }),
  /**
   * The user lifecycle of the tenant: after `idleSuspensionDays` without a sign-in (counted from
   * the account's creation for users who never signed in) an active user is suspended until an
   * admin reactivates them. 0, the default, never suspends. Tenant-wide: not overridable per
   * application, since a user is the tenant's, not an application's. Optional rather than
   * defaulted, so the published policy events stay compatible: absent means 0.
   */
  lifecycle: z.object({ idleSuspensionDays: z.number().int().min(0).max(3650).default(0) }).optional(),
});

export type Policy = z.output<typeof policySchema>;

/**
 * A section with every knob optional and no defaults: an override says only what it changes.
 * (`.partial()` alone would keep the defaults and so override knobs nobody mentioned.)
 */
function overridable<S extends z.ZodRawShape>(section: z.ZodDefault<z.ZodObject<S>>) {
  const shape = Object.fromEntries(
    Object.entries(section.unwrap().shape).map(([knob, schema]) => {
      const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : (schema as z.ZodType);
      return [knob, inner.optional()];
    }),
  );
  return z.object(shape).strict().optional() as unknown as z.ZodOptional<
    ReturnType<z.ZodObject<S>['partial']>
  >;
}

/** A group's overrides: any section, any knob; what it leaves out comes from the tenant. */
export const policyOverridesSchema = z
  .object({
    signUp: overridable(policySchema.shape.signUp),
    password: overridable(policySchema.shape.password),
    lockout: overridable(policySchema.shape.lockout),
    session: overridable(policySchema.shape.session),
    tokens: overridable(policySchema.shape.tokens),
    mfa: overridable(policySchema.shape.mfa),
  })
  .strict();

export type PolicyOverrides = z.output<typeof policyOverridesSchema>;

export const TenantPolicyChangedV1 = defineEvent({
  type: 'idaas.policy.changed.v1',
  stream: 'config',
  description: "A tenant's policy changed. Carries the whole policy with its version.",
  data: z.object({ tenantId: z.string(), policy: policySchema, version: z.number().int().positive() }),
});

export const ApplicationGroupChangedV1 = defineEvent({
  type: 'idaas.applicationgroup.changed.v1',
  stream: 'config',
  description:
    'An application group (named set of applications sharing policy overrides) was created, changed or deleted (status deleted).',
  data: z.object({
    groupId: z.string(),
    tenantId: z.string(),
    name: z.string(),
    applicationIds: z.array(z.string()),
    overrides: policyOverridesSchema,
    status: z.enum(['active', 'deleted']),
    version: z.number().int().positive(),
  }),
});
