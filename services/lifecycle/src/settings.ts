import { z } from 'zod';
import { messageSealingSettings, setting } from '@idaas/config';

export const lifecycleSettings = {
  ...messageSealingSettings,
  recoveryBaseUrl: setting({
    env: 'RECOVERY_BASE_URL',
    title: 'Public base URL of the lifecycle service',
    description:
      "the origin people reach password recovery at ({RECOVERY_BASE_URL}/t/{tenant}/recovery); the same value the authentication service links to from the login page. Empty: this service's own URL",
    schema: z
      .string()
      .regex(/^(https?:\/\/[^/#?]+)?$/, 'an origin such as https://eu.id.example.com, without a path'),
    default: '',
  }),
  idleSuspensionIntervalSeconds: setting({
    env: 'IDLE_SUSPENSION_INTERVAL_SECONDS',
    title: 'Idle suspension interval',
    description:
      "how often the job suspends the users idle for longer than their tenant policy's lifecycle.idleSuspensionDays; 0 turns the job off",
    schema: z.coerce.number().int().min(0).max(86400),
    default: '3600',
  }),
};
