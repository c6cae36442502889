import { pageLook } from '@idaas/pages';
import type { MfaMethod } from '@idaas/identity';
import { PAGE_LOCALES, translator } from './messages';
import { mfaVerifyPage } from './mfa-pages';

const look = pageLook(undefined, undefined, { acceptLanguage: 'en' }, { locales: PAGE_LOCALES, translator });

const render = (methods: MfaMethod[], rememberDeviceDays: number) =>
  mfaVerifyPage(look, {
    action: 'https://id.example/t/acme/login/mfa?flow=f',
    csrfToken: 'token',
    methods,
    rememberDeviceDays,
    email: {
      sendAction: 'https://id.example/t/acme/login/mfa/email?flow=f',
      maskedEmail: 'a***e@example.com',
      lifetimeMinutes: 10,
      sent: true,
    },
  }).value;

/** Each form of the page (by the method it posts) and whether it has the "remember" box. */
const rememberBoxes = (page: string): Record<string, boolean> =>
  Object.fromEntries(
    [...page.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)]
      .map((f) => [/name="method" value="([a-z_]+)"/.exec(f[1]!)?.[1], /name="remember_device"/.test(f[1]!)])
      .filter(([method]) => method !== undefined),
  );

describe('mfaVerifyPage: remember this device', () => {
  it('offers it on the app-code and emailed-code forms, never on the recovery-code form', () => {
    const page = render(['totp', 'email_otp', 'recovery_code'], 30);
    expect(rememberBoxes(page)).toEqual({ totp: true, email_otp: true, recovery_code: false });
    expect(page).toContain('Remember this device for 30 days');
  });

  it('gives each box its own id, so a label ticks only its own form', () => {
    const ids = [...render(['totp', 'email_otp'], 30).matchAll(/<input id="(remember_device[a-z_]*)"/g)].map(
      (m) => m[1],
    );
    expect(ids).toEqual(['remember_device', 'remember_device_email_otp']);
  });

  it('offers it nowhere when the policy remembers no device', () => {
    const page = render(['email_otp', 'totp', 'recovery_code'], 0);
    expect(rememberBoxes(page)).toEqual({ totp: false, email_otp: false, recovery_code: false });
  });
});
