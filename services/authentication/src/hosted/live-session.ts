import type { Request } from 'express';
import type { TenantView } from '@idaas/replica';
import type { SsoSession } from '../store/session-store';
import { readCookie, SESSION_COOKIE } from './cookies';
import type { HostedDeps } from './deps';

/**
 * The request's SSO session with this tenant, if it is live and its user may still sign in.
 * A user disabled, locked or deleted since signing in gets nothing from the old session.
 */
export async function liveSession(
  deps: HostedDeps,
  req: Request,
  tenant: TenantView,
): Promise<SsoSession | undefined> {
  const session = await deps.sessions.find(tenant.tenantId, readCookie(req, SESSION_COOKIE), deps.clock());
  if (!session) return undefined;
  const user = await deps.users.findById(tenant.tenantId, session.userId);
  return user?.state === 'active' ? session : undefined;
}
