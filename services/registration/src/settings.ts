import { z } from 'zod';
import { messageSealingSettings, setting } from '@idaas/config';

export const registrationSettings = {
  ...messageSealingSettings,
  publicBaseUrl: setting({
    env: 'SIGNUP_BASE_URL',
    title: 'Public base URL of the registration service',
    description:
      'the origin people reach sign-up, verification and invitation links at ({SIGNUP_BASE_URL}/t/{tenant}/verify?token=...); the same value the authentication service links to. Empty: http://127.0.0.1:<port>',
    schema: z
      .string()
      .regex(/^(https?:\/\/[^/#?]+)?$/, 'an origin such as https://eu.id.example.com, without a path'),
    default: '',
  }),
  loginBaseUrl: setting({
    env: 'LOGIN_BASE_URL',
    title: 'Public base URL of the authentication service',
    description:
      "the origin of the tenants' issuers ({LOGIN_BASE_URL}/t/{tenant}); after verifying, a user who signed up from a login page continues there, signed in. Empty: the registration service's own base URL",
    schema: z
      .string()
      .regex(/^(https?:\/\/[^/#?]+)?$/, 'an origin such as https://eu.id.example.com, without a path'),
    default: '',
  }),
};
