import { z } from 'zod';
import { positiveInt, setting } from '@idaas/config';
import { regionalSettings } from '@idaas/runtime';

export const authenticationSettings = {
  ...regionalSettings,
  keyEncryptionKey: setting({
    env: 'KEY_ENCRYPTION_KEY',
    title: 'Key-encryption key',
    description:
      'base64 of 32 random bytes; encrypts the private signing keys at rest. It never leaves the region.',
    schema: z
      .string()
      .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),
    default: 'bG9jYWwtZGV2ZWxvcG1lbnQta2V5LWVuY3J5cHRpb24=',
    insecureDefault: true,
    recommendation: 'set 32 random bytes: openssl rand -base64 32',
  }),
  publicBaseUrl: setting({
    env: 'REGION_BASE_URL',
    title: 'Public base URL',
    description:
      'the URL clients reach this region at; issuers are {REGION_BASE_URL}/t/{tenant}. Empty: http://127.0.0.1:<port>',
    schema: z
      .string()
      .regex(/^(https?:\/\/[^/#?]+)?$/, 'an origin such as https://eu.id.example.com, without a path'),
    default: '',
  }),
  signingKeyRotationDays: setting({
    env: 'SIGNING_KEY_ROTATION_DAYS',
    title: 'Signing key rotation period',
    description:
      "days a tenant's signing key signs before the next one takes over; the previous key keeps verifying until its tokens expire",
    schema: positiveInt(),
    default: '30',
    recommendation: '30 to 90; rotate on demand with POST /admin/tenants/{tenantId}/signing-keys/rotate',
  }),
};

export type AuthenticationSettings = typeof authenticationSettings;
