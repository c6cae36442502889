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
  trustedCountryHeader: setting({
    env: 'TRUSTED_COUNTRY_HEADER',
    title: 'Trusted country header',
    description:
      "the request header in which the deployment's proxy or CDN puts the client's country (ISO 3166-1 alpha-2, e.g. cf-ipcountry), for the adaptive MFA rule stepUpOnNewCountry. Empty: no country signal, the rule never fires. Only set it when every request passes that proxy, which overwrites the header: a client could otherwise choose its country",
    schema: z.string().regex(/^([A-Za-z0-9-]+)?$/, 'a header name such as cf-ipcountry'),
    default: '',
    recommendation: 'cf-ipcountry behind Cloudflare; the header your proxy sets elsewhere',
  }),
};
