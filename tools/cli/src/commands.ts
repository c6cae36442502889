import type { Command } from './command';
import { ACCESS_COMMANDS } from './commands/access';
import { APP_COMMANDS } from './commands/apps';
import { BRANDING_COMMANDS } from './commands/branding';
import { POLICY_COMMANDS } from './commands/policy';
import { TENANT_COMMANDS } from './commands/tenants';
import { USER_COMMANDS } from './commands/users';
import { WEBHOOK_DELIVERY_COMMANDS } from './commands/webhook-deliveries';
import { WEBHOOK_COMMANDS } from './commands/webhooks';

export type { Command, Request } from './command';

/**
 * Each command is the admin API request it stands for, one file per resource under commands/;
 * the order here is the order of `idaas help`.
 */
export const COMMANDS: Record<string, Command> = {
  ...TENANT_COMMANDS,
  ...APP_COMMANDS,
  ...POLICY_COMMANDS,
  ...ACCESS_COMMANDS,
  ...BRANDING_COMMANDS,
  ...WEBHOOK_COMMANDS,
  ...WEBHOOK_DELIVERY_COMMANDS,
  ...USER_COMMANDS,
};
