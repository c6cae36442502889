import { z } from 'zod';
import { commonSettings, setting, text, webhookSettings } from '@idaas/config';

export const tenantServiceSettings = {
  ...commonSettings,
  database: setting({
    env: 'MONGODB_DATABASE',
    title: 'Database',
    description: 'database name of the management plane',
    schema: text(),
    default: 'idaas_management',
  }),
  regions: setting({
    env: 'REGIONS',
    title: 'Regions',
    description: 'comma-separated regions a tenant may call home (each runs a data plane)',
    schema: z.string().transform((s) =>
      s
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    ),
    default: 'eu,us',
  }),
  operatorClientSecret: setting({
    env: 'OPERATOR_CLIENT_SECRET',
    title: 'Operator client secret',
    description:
      'secret of the bootstrap platform operator API client, used only when that client is first created; empty: generate one and print it once',
    schema: z.union([z.literal(''), z.string().min(32, 'at least 32 characters')]),
    default: '',
  }),
  ...webhookSettings,
  environment: setting({
    env: 'NODE_ENV',
    title: 'Environment',
    description:
      'production admits only public https webhook receivers; any other value also admits http://localhost receivers for local development and tests',
    schema: z.string(),
    default: 'development',
  }),
};
