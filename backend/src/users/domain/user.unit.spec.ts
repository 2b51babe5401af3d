import { decide, foldUser, LastManagerError, UnknownUserError, UserAlreadyRegisteredError, type UserCommand } from './user';
import type { UserEvent } from './user-events';

const given = (events: readonly UserEvent[]) => ({
  when: (command: UserCommand) => {
    const handle = () => decide(command, foldUser(events));
    return {
      then: (expected: readonly UserEvent[]) => expect(handle()).toEqual(expected),
      thenThrows: (type: new (...args: never[]) => Error) => expect(handle).toThrow(type),
    };
  },
});

const userId = '0b7c2a52-0000-4000-8000-000000000001';
const registered = (role: 'manager' | 'staff'): UserEvent => ({
  type: 'UserRegistered',
  data: { userId, username: 'ada', email: 'ada@example.com', role },
});
const roleChanged = (from: 'manager' | 'staff', to: 'manager' | 'staff'): UserEvent => ({
  type: 'UserRoleChanged',
  data: { userId, from, to },
});
const register: UserCommand = { type: 'RegisterUser', userId, username: 'ada', email: 'ada@example.com', role: 'staff' };

describe('RegisterUser', () => {
  it('registers a new user with the role it is given', () =>
    given([])
      .when(register)
      .then([registered('staff')]));

  it('refuses to register the same user twice', () =>
    given([registered('staff')])
      .when(register)
      .thenThrows(UserAlreadyRegisteredError));
});

describe('ChangeRole', () => {
  const changeRole = (role: 'manager' | 'staff', otherManagers: number): UserCommand => ({
    type: 'ChangeRole',
    userId,
    role,
    otherManagers,
  });

  it('promotes staff to manager', () =>
    given([registered('staff')])
      .when(changeRole('manager', 1))
      .then([roleChanged('staff', 'manager')]));

  it('demotes a manager while another manager remains', () =>
    given([registered('manager')])
      .when(changeRole('staff', 1))
      .then([roleChanged('manager', 'staff')]));

  it('refuses to demote the last manager', () =>
    given([registered('manager')])
      .when(changeRole('staff', 0))
      .thenThrows(LastManagerError));

  it('follows earlier role changes: a promoted user who is the only manager cannot be demoted', () =>
    given([registered('staff'), roleChanged('staff', 'manager')])
      .when(changeRole('staff', 0))
      .thenThrows(LastManagerError));

  it('records nothing when the role is already the one asked for', () =>
    given([registered('manager')])
      .when(changeRole('manager', 0))
      .then([]));

  it('refuses to change the role of a user who does not exist', () =>
    given([]).when(changeRole('manager', 1)).thenThrows(UnknownUserError));
});

describe('SetActive', () => {
  const setActive = (active: boolean, otherManagers: number): UserCommand => ({ type: 'SetActive', userId, active, otherManagers });
  const deactivated: UserEvent = { type: 'UserDeactivated', data: { userId } };

  it('deactivates staff, whatever the managers', () =>
    given([registered('staff')])
      .when(setActive(false, 0))
      .then([deactivated]));

  it('deactivates a manager while another active manager remains', () =>
    given([registered('manager')])
      .when(setActive(false, 1))
      .then([deactivated]));

  it('refuses to deactivate the last active manager', () =>
    given([registered('manager')])
      .when(setActive(false, 0))
      .thenThrows(LastManagerError));

  it('reactivates a deactivated user, and records nothing for one already active', () => {
    given([registered('staff'), deactivated])
      .when(setActive(true, 0))
      .then([{ type: 'UserReactivated', data: { userId } }]);
    given([registered('staff')])
      .when(setActive(true, 0))
      .then([]);
  });

  it('lets a deactivated manager be demoted even with no other manager counted: it is no active manager', () =>
    given([registered('manager'), deactivated])
      .when({ type: 'ChangeRole', userId, role: 'staff', otherManagers: 0 })
      .then([roleChanged('manager', 'staff')]));
});
