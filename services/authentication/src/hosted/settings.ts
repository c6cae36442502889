import { z } from 'zod';
import { setting } from '@idaas/config';

const origin = z
  .string()
  .regex(/^(https?:\/\/[^/#?]+)?$/, 'an origin such as https://eu.id.example.com, without a path');

/** Where the login page links to: sign-up (registration service) and recovery (lifecycle service). */
export const hostedPageSettings = {
  signUpBaseUrl: setting({
    env: 'SIGNUP_BASE_URL',
    title: 'Sign-up base URL',
    description:
      "the public origin of the registration service; the login page links to {SIGNUP_BASE_URL}/t/{tenant}/signup. Empty: this region's base URL",
    schema: origin,
    default: '',
  }),
  recoveryBaseUrl: setting({
    env: 'RECOVERY_BASE_URL',
    title: 'Password recovery base URL',
    description:
      "the public origin of the lifecycle service; the login page links to {RECOVERY_BASE_URL}/t/{tenant}/recovery. Empty: this region's base URL",
    schema: origin,
    default: '',
  }),
};
