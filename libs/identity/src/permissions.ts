/**
 * A permission is a resource and an action; roles are named sets of them. Platform roles act
 * across tenants (held by the system tenant's clients and users); tenant roles act inside one.
 */
export const RESOURCES = [
  'tenants',
  'applications',
  'policies',
  'users',
  'webhooks',
  'roles',
  'branding',
] as const;
export type Resource = (typeof RESOURCES)[number];
export type Action = 'read' | 'write';
export type Permission = `${Resource}:${Action}`;

const all = (action: Action, resources: readonly Resource[] = RESOURCES): Permission[] =>
  resources.map((r) => `${r}:${action}` as Permission);

export const PLATFORM_ROLES = {
  platform_operator: [...all('read'), ...all('write')],
  platform_auditor: all('read'),
} as const satisfies Record<string, readonly Permission[]>;

export const TENANT_ROLES = {
  tenant_admin: [
    ...all('read'),
    ...all('write', ['applications', 'policies', 'users', 'webhooks', 'roles', 'branding']),
  ],
  user_admin: ['users:read', 'users:write'],
  application_admin: ['applications:read', 'applications:write'],
  auditor: all('read'),
} as const satisfies Record<string, readonly Permission[]>;

export type PlatformRole = keyof typeof PLATFORM_ROLES;
export type TenantRole = keyof typeof TENANT_ROLES;

export function isPermission(value: string): value is Permission {
  const [resource, action, ...rest] = value.split(':');
  return (
    rest.length === 0 &&
    (RESOURCES as readonly string[]).includes(resource ?? '') &&
    (action === 'read' || action === 'write')
  );
}
