import { randomUUID } from 'node:crypto';
import type { MongoUserDirectory } from '@idaas/user-store';
import { passwordStep, type WebApplication } from './hosted-sign-in';
import type { startStack } from './stack';
import { eventually } from './wait';

type Stack = Awaited<ReturnType<typeof startStack>>;

/** Puts the application's own MFA override (`PUT .../policy-overrides`); the management plane must accept it. */
export async function overrideMfa(
  stack: Pick<Stack, 'admin'>,
  tenantId: string,
  app: Pick<WebApplication, 'clientId'>,
  mfa: Record<string, unknown>,
): Promise<void> {
  const saved = await stack.admin(
    `/admin/tenants/${tenantId}/applications/${app.clientId}/policy-overrides`,
    'PUT',
    { mfa },
  );
  expect(saved.status).toBe(200);
}

/**
 * Waits until the region applies a policy the management plane accepted: the password step of a
 * sign-in to `app` leads to the page `next` matches (the second-factor step, or its enrolment).
 * `credentials` are a fresh user's: the tries sign nobody in, and leave no factor behind.
 */
export async function untilPasswordStepLeadsTo(
  app: Pick<WebApplication, 'config' | 'redirectUri'>,
  credentials: { email: string; password: string },
  next: RegExp,
  what: string,
): Promise<void> {
  await eventually(async () => next.test((await passwordStep(app, credentials)).response.location ?? ''), {
    what,
  });
}

/**
 * MFA required on `app` (with the other `mfa` knobs given), and applied in the region: a fresh
 * probe user's password step leads to the enrolment page (the probe, with a random email and
 * password, enrols nothing).
 */
export async function requireMfaOn(
  stack: Pick<Stack, 'admin'>,
  users: Pick<MongoUserDirectory, 'create'>,
  tenantId: string,
  app: Pick<WebApplication, 'clientId' | 'config' | 'redirectUri'>,
  mfa: Record<string, unknown> = {},
): Promise<void> {
  await overrideMfa(stack, tenantId, app, { ...mfa, mode: 'required' });
  const probe = { email: `probe-${randomUUID()}@acme.example`, password: `probe ${randomUUID()}` };
  await users.create(tenantId, { ...probe, state: 'active', emailVerified: true });
  await untilPasswordStepLeadsTo(app, probe, /\/login\/mfa\/enrol\?flow=/, 'the MFA override in the region');
}
