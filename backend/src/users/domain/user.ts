import type { Role } from '../../access';
import type { UserEvent } from './user-events';

export type UserState =
  { readonly status: 'none' } | { readonly status: 'registered'; readonly userId: string; readonly role: Role; readonly version: number };

const initialUserState: UserState = { status: 'none' };

function evolve(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered':
      return { status: 'registered', userId: event.data.userId, role: event.data.role, version: 1 };
    case 'UserRoleChanged':
      if (state.status !== 'registered') return state;
      return { ...state, role: event.data.to, version: state.version + 1 };
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
    }
  | {
      readonly type: 'ChangeRole';
      readonly userId: string;
      readonly role: Role;
      /** Managers other than this user, counted under the role-change lock. */
      readonly otherManagers: number;
    };

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
    super('the last manager cannot stop being a manager: make someone else a manager first');
    this.name = 'LastManagerError';
  }
}

/** What the command changes, as events; an empty list when it changes nothing. */
export function decide(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser': {
      if (state.status !== 'none') throw new UserAlreadyRegisteredError(command.userId);
      const { userId, username, email, role } = command;
      return [{ type: 'UserRegistered', data: { userId, username, email, role } }];
    }
    case 'ChangeRole': {
      if (state.status !== 'registered') throw new UnknownUserError(command.userId);
      if (state.role === command.role) return [];
      if (state.role === 'manager' && command.otherManagers === 0) throw new LastManagerError();
      return [{ type: 'UserRoleChanged', data: { userId: command.userId, from: state.role, to: command.role } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export const foldUser = (events: readonly UserEvent[]): UserState => events.reduce(evolve, initialUserState);
