import { enrolAuthenticatorApp } from './authenticator-app-enrolment';
import type { MfaChange } from './mfa-changes';
import type { MongoMfaEnrolments } from './mongo-mfa-enrolments';

type Confirmed = Awaited<ReturnType<MongoMfaEnrolments['confirmTotp']>>;
const lockout = { maxAttempts: 5, durationSeconds: 900 };

const enrol = async (confirmed: Confirmed) => {
  const told: MfaChange[] = [];
  const asked: string[] = [];
  const outcome = await enrolAuthenticatorApp(
    {
      codes: {
        confirmTotp: async (_t, _u, code) => {
          asked.push(code);
          return confirmed;
        },
      },
      changes: { record: async (_t, _u, change) => told.push(change) > 0 },
    },
    't',
    'u',
    '123456',
    lockout,
    new Date(0),
  );
  return { outcome, told, asked };
};

describe('enrolAuthenticatorApp', () => {
  it('hands back the recovery codes of a confirmed app and tells one enrolment, the user’s own', async () => {
    const { outcome, told, asked } = await enrol({ outcome: 'verified', recoveryCodes: ['aaaa-bbbb'] });
    expect(outcome).toEqual({ outcome: 'verified', recoveryCodes: ['aaaa-bbbb'] });
    expect(asked).toEqual(['123456']);
    expect(told).toEqual([{ method: 'totp', change: 'enrolled' }]);
  });

  it.each(['wrong', 'replayed', 'locked'] as const)('tells nothing when the code is %s', async (refused) => {
    const { outcome, told } = await enrol({ outcome: refused });
    expect(outcome).toEqual({ outcome: refused });
    expect(told).toEqual([]);
  });
});
