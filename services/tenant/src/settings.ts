import { z } from 'zod';
import { commonSettings, setting, text } from '@idaas/config';

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
  operatorToken: setting({
    env: 'OPERATOR_TOKEN',
    title: 'Operator token',
    description: 'bearer token of the bootstrap platform operator for the admin API',
    schema: z.string().min(24, 'at least 24 characters'),
    default: 'local-development-operator-token',
    insecureDefault: true,
    recommendation: 'set a random value of 32+ characters (openssl rand -base64 32)',
  }),
};
