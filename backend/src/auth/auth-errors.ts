/** Who asks cannot be told: a wrong password, an ended session, a token that is refused or names nobody. 401 at the edge. */
export class NotAuthenticatedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAuthenticatedError';
  }
}
