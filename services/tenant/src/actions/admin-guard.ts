/** The admin guard is shared with the regions' operator endpoints: it lives in `@idaas/http`. */
export { authorizeAdmin, MANAGEMENT_AUDIENCE } from '@idaas/http';
export type { AdminGuardDeps, Need } from '@idaas/http';
