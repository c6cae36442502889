import type { Command } from './command';
import { APP_COMMANDS } from './commands/apps';
import { POLICY_COMMANDS } from './commands/policy';
import { TENANT_COMMANDS } from './commands/tenants';

export type { Command, Request } from './command';

/**
 * Each command is the admin API request it stands for, one file per resource under commands/;
 * the order here is the order of `idaas help`.
 */
export const COMMANDS: Record<string, Command> = {
  ...TENANT_COMMANDS,
  ...APP_COMMANDS,
  ...POLICY_COMMANDS,
};
