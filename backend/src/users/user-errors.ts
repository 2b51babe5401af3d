/** The unique fields of an account. */
export type TakenField = 'username' | 'email';

/** The user's stream moved on while a change was decided: the caller may try again. */
export class UserChangedMeanwhileError extends Error {
  constructor() {
    super('The user changed meanwhile; try again');
    this.name = 'UserChangedMeanwhileError';
  }
}

/** A field of a user's request the rules refuse (a wrong current password, a weak new one). */
export class InvalidUserFieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidUserFieldError';
  }
}

export class UserFieldTakenError extends Error {
  constructor(readonly field: TakenField) {
    super(`That ${field} is already taken`);
    this.name = 'UserFieldTakenError';
  }
}

/** The change is in the log, but the users read model has not shown it within the wait. */
export class UserNotYetVisibleError extends Error {
  constructor() {
    super('The change is recorded but not yet visible; try again shortly');
    this.name = 'UserNotYetVisibleError';
  }
}

/** The reset link's token is unknown, used, replaced or expired; which of them is not told. */
export class ResetLinkInvalidError extends Error {
  constructor() {
    super('This password-reset link is not valid: it was used, replaced by a newer one, or has expired. Ask a manager for a new one.');
    this.name = 'ResetLinkInvalidError';
  }
}

/** A reset link was asked for where no email can be sent; nothing changed. */
export class ResetLinkNotSentError extends Error {
  constructor(reason: string) {
    super(`No reset link could be emailed (${reason}); nothing changed. Reset with a temporary password instead.`);
    this.name = 'ResetLinkNotSentError';
  }
}

/** A reset link was asked for a deactivated account: nobody could sign in with the password it sets. */
export class ResetLinkForInactiveUserError extends Error {
  constructor(readonly username: string) {
    super(`${username} is deactivated: reactivate the account before emailing a reset link; nothing changed.`);
    this.name = 'ResetLinkForInactiveUserError';
  }
}

/** A token its creator may not make or see: above their role, for someone else's account, or made with a token. */
export class ApiTokenForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiTokenForbiddenError';
  }
}

export class ApiTokenNotFoundError extends Error {
  constructor() {
    super('There is no such API token, or it was already revoked');
    this.name = 'ApiTokenNotFoundError';
  }
}

/** A service account has no password to reset: it never signs in; its API tokens are its credentials. */
export class ServiceAccountPasswordError extends Error {
  constructor(readonly username: string) {
    super(`${username} is a service account: it has no password; make it an API token instead`);
    this.name = 'ServiceAccountPasswordError';
  }
}
