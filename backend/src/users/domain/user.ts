import type { Role } from '../../access';
import type { UserEvent } from './user-events';

export type UserState =
  | { readonly status: 'none' }
  | { readonly status: 'registered'; readonly userId: string; readonly role: Role; readonly active: boolean; readonly version: number };

const initialUserState: UserState = { status: 'none' };

function evolve(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered':
      return { status: 'registered', userId: event.data.userId, role: event.data.role, active: true, version: 1 };
    case 'UserRoleChanged':
      if (state.status !== 'registered') return state;
      return { ...state, role: event.data.to, version: state.version + 1 };
    case 'UserDeactivated':
    case 'UserReactivated':
      if (state.status !== 'registered') return state;
      return { ...state, active: event.type === 'UserReactivated', version: state.version + 1 };
    case 'PasswordChanged':
    case 'PasswordReset':
      if (state.status !== 'registered') return state;
      return { ...state, version: state.version + 1 };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export type UserCommand =
  | {
      readonly type: 'RegisterUser';
      readonly userId: string;
      readonly username: string;
      readonly email: string;
      readonly role: Role;
      readonly service?: boolean | undefined;
    }
  | {
      readonly type: 'ChangeRole';
      readonly userId: string;
      readonly role: Role;
      /** Active managers other than this user, counted under the role-change lock. */
      readonly otherManagers: number;
    }
  | {
      readonly type: 'SetActive';
      readonly userId: string;
      readonly active: boolean;
      /** Active managers other than this user, counted under the role-change lock. */
      readonly otherManagers: number;
    }
  | { readonly type: 'RecordPasswordChange' | 'RecordPasswordReset'; readonly userId: string };

export class UserAlreadyRegisteredError extends Error {
  constructor(readonly userId: string) {
    super(`user ${userId} is already registered`);
    this.name = 'UserAlreadyRegisteredError';
  }
}

export class UnknownUserError extends Error {
  constructor(readonly userId: string) {
    super(`there is no user ${userId}`);
    this.name = 'UnknownUserError';
  }
}

export class LastManagerError extends Error {
  constructor() {
    super('the last manager cannot be demoted or deactivated: make someone else an active manager first');
    this.name = 'LastManagerError';
  }
}

/** What the command changes, as events; an empty list when it changes nothing. */
export function decide(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser': {
      if (state.status !== 'none') throw new UserAlreadyRegisteredError(command.userId);
      const { userId, username, email, role, service } = command;
      return [{ type: 'UserRegistered', data: { userId, username, email, role, ...(service === true && { service }) } }];
    }
    case 'ChangeRole': {
      if (state.status !== 'registered') throw new UnknownUserError(command.userId);
      if (state.role === command.role) return [];
      if (state.role === 'manager' && state.active && command.otherManagers === 0) throw new LastManagerError();
      return [{ type: 'UserRoleChanged', data: { userId: command.userId, from: state.role, to: command.role } }];
    }
    case 'SetActive': {
      if (state.status !== 'registered') throw new UnknownUserError(command.userId);
      if (state.active === command.active) return [];
      if (!command.active && state.role === 'manager' && command.otherManagers === 0) throw new LastManagerError();
      return [{ type: command.active ? 'UserReactivated' : 'UserDeactivated', data: { userId: command.userId } }];
    }
    case 'RecordPasswordChange':
    case 'RecordPasswordReset': {
      if (state.status !== 'registered') throw new UnknownUserError(command.userId);
      return [{ type: command.type === 'RecordPasswordChange' ? 'PasswordChanged' : 'PasswordReset', data: { userId: command.userId } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export const foldUser = (events: readonly UserEvent[]): UserState => events.reduce(evolve, initialUserState);
