export {
  USER_STATES,
  USER_TRANSITIONS,
  IllegalTransitionError,
  nextState,
  userStateDiagram,
} from './user-state';
export type { UserState, UserTransition } from './user-state';
export { RESOURCES, PLATFORM_ROLES, TENANT_ROLES, isPermission } from './permissions';
export type { Permission, Resource, Action, PlatformRole, TenantRole } from './permissions';
