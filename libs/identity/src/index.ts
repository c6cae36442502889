export {
  USER_STATES,
  USER_TRANSITIONS,
  IllegalTransitionError,
  nextState,
  userStateDiagram,
} from './user-state';
export type { UserState, UserTransition } from './user-state';
