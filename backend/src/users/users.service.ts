import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import type { ActingUser, AuthUser, Role } from '../access';
import { messageOf } from '../common';
import { InjectSettings, type AppSettings } from '../config';
import { InjectPool, FreshLookups, onClient } from '../database';
import { ReservationConflictError, VersionConflictError, EventStore, positioned } from '../event-store';
import type { AppendOutcome, Reservation, EventMetadata, Positioned } from '../event-store';
import { AccountNotices } from './account-notices';
import { decide, foldUser, UnknownUserError, type UserCommand } from './domain/user';
import { userStreamId, type UserEvent, type UserEventMetadata } from './domain/user-events';
import { hashPassword, passwordProblem, temporaryPasswordFor, verifyPassword } from './passwords';
import { ResetLinksRepository } from './reset-links.repository';
import { SessionsRepository } from './sessions.repository';
import { toAuthUser, toUserView, type UserRow, type UserView } from './user-view';
import {
  InvalidUserFieldError,
  ResetLinkInvalidError,
  ResetLinkForInactiveUserError,
  ResetLinkNotSentError,
  ServiceAccountPasswordError,
  UserChangedMeanwhileError,
  UserFieldTakenError,
  type TakenField,
} from './user-errors';
import { UsersProjector } from './users.projector';
import { UsersRepository } from './users.repository';

/** What a self-registration may tell the caller: never whether an email belongs to an account. */
export type SelfRegistration = Pick<UserView, 'username' | 'email' | 'role'>;

export interface NewUser {
  readonly username: string;
  readonly email: string;
  /** null: a service account, which has no password, never signs in, and whose API tokens a manager makes. */
  readonly password: string | null;
  readonly role: Role;
}

/** `self`: the new user registers itself (or is the first manager) and is its own actor. */
export type Registrar = { readonly actor: ActingUser; readonly reason: string } | { readonly self: true; readonly reason: string };

// Account changes take turns database-wide, so two managers demoting each other cannot both count the other.
const ACCOUNT_CHANGE_LOCK = "hashtextextended('ims.users.role-change', 0)";

/** What a manager may change of a user (PATCH /api/users/:id). */
export interface AccountChange {
  readonly role?: Role | undefined;
  readonly active?: boolean | undefined;
}

/** A sign-in's verdict; `reason` and `userId` of a refusal go to the access log, never to the client. */
export type Authentication =
  | { readonly ok: true; readonly user: AuthUser; readonly mustChangePassword: boolean }
  | { readonly ok: false; readonly reason: 'unknown user' | 'wrong password' | 'deactivated'; readonly userId?: string };

const reservationsFor = (user: Pick<NewUser, 'username' | 'email'>): Reservation[] => [
  { kind: 'username', value: user.username.toLowerCase() },
  { kind: 'email', value: user.email.toLowerCase() },
];

/**
 * Accounts: every creation and role change is an event in the user's stream; the `users` table is
 * its read model, and each method returns once its own change is visible there, with the position
 * of its last event (read-your-writes for the other read models).
 */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);
  /** Every signed-in request reads its user: those arriving together share a query, none gets an older answer. */
  private readonly current: FreshLookups<UserRow>;
  /** The same, by session: the check of every signed-in request. */
  private readonly signedIn: FreshLookups<UserRow>;

  constructor(
    @InjectPool() private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly users: UsersRepository,
    private readonly projector: UsersProjector,
    private readonly sessions: SessionsRepository,
    private readonly notices: AccountNotices,
    private readonly resetLinks: ResetLinksRepository,
    @InjectSettings() private readonly settings: AppSettings,
  ) {
    this.current = new FreshLookups((ids) => this.users.findActiveByIds(ids));
    this.signedIn = new FreshLookups((ids) => this.users.findBySessions(ids));
  }

  async register(user: NewUser, registrar: Registrar, extraReservations: readonly Reservation[] = []): Promise<Positioned<UserView>> {
    const created = await this.create(user, registrar, extraReservations);
    if ('taken' in created) throw new UserFieldTakenError(created.taken);
    return created;
  }

  /**
   * Anyone registering a staff account. Usernames are public (the audit shows them), so a taken one
   * is a 409; a taken email gets the same answer, after the same hashing work, as a new one, and the
   * notice goes to the account's owner instead.
   */
  async registerSelf(user: Omit<NewUser, 'role'> & { readonly password: string }): Promise<SelfRegistration> {
    const created = await this.create({ ...user, role: 'staff' }, { self: true, reason: 'self-registration' });
    if ('taken' in created) {
      if (created.taken === 'username') throw new UserFieldTakenError('username');
      await hashPassword(user.password);
      await this.noticeTakenEmail(user.email);
    }
    return { username: user.username, email: user.email, role: 'staff' };
  }

  private async create(
    user: NewUser,
    registrar: Registrar,
    extraReservations: readonly Reservation[] = [],
  ): Promise<Positioned<UserView> | { taken: TakenField }> {
    const taken = await this.users.taken(user.username, user.email);
    if (taken.username || taken.email) return { taken: taken.username ? 'username' : 'email' };

    const userId = randomUUID();
    const { username, email, role } = user;
    const events = decide({ type: 'RegisterUser', userId, username, email, role, service: user.password === null }, foldUser([]));
    const actor = 'self' in registrar ? { id: userId, username: user.username } : registrar.actor;
    // The hash goes first: a crash before the append leaves a credential of a user who does not exist.
    if (user.password !== null) await this.users.saveCredential(userId, await hashPassword(user.password));
    let outcome: AppendOutcome;
    try {
      outcome = await this.store.append({
        streamId: userStreamId(userId),
        expectedVersion: 0,
        events: withMetadata(events, actor, registrar.reason),
        reserve: [...reservationsFor(user), ...extraReservations],
      });
    } catch (error) {
      await this.users.deleteCredential(userId);
      if (error instanceof ReservationConflictError && (error.kind === 'username' || error.kind === 'email')) {
        return { taken: error.kind };
      }
      throw error;
    }
    return positioned(await this.visible(userId, 1), lastPosition(outcome));
  }

  /**
   * A manager's change of a user's role and whether they may sign in. A deactivation ends every
   * session of the user at once (each signed-in request checks its session); a role change ends
   * their renewal, so the next sign-in is under the new role.
   */
  async update(userId: string, change: AccountChange, actor: ActingUser): Promise<Positioned<UserView>> {
    const reason = [
      change.role && `role changed to ${change.role}`,
      change.active !== undefined && (change.active ? 'reactivated' : 'deactivated'),
    ].filter(Boolean);
    const { view, events } = await this.changeAccount(userId, actor, reason.join(', ') || 'no change', (otherManagers) => [
      ...(change.role ? [{ type: 'ChangeRole', userId, role: change.role, otherManagers } as const] : []),
      ...(change.active !== undefined ? [{ type: 'SetActive', userId, active: change.active, otherManagers } as const] : []),
    ]);
    // A deactivation ends every token at once; a role change only the renewals: the role is re-read on every request.
    if (events.some((event) => event.type === 'UserDeactivated')) {
      await this.sessions.endAllOf(userId, reason.join(', '));
      await this.resetLinks.dropAllOf(userId);
    } else if (events.length > 0) await this.sessions.endRenewalOf(userId, reason.join(', '));
    return view;
  }

  /**
   * Decides `commands` on the user's stream and appends what they change, one change at a time
   * database-wide: two managers demoting or deactivating each other cannot both count the other.
   * A change to what the user is already is answered with the position of the stream's last event.
   */
  private async changeAccount(
    userId: string,
    actor: ActingUser,
    reason: string,
    commands: (otherManagers: number) => readonly UserCommand[],
  ): Promise<{ view: Positioned<UserView>; events: readonly UserEvent[] }> {
    return onClient(this.pool, async (client) => {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(${ACCOUNT_CHANGE_LOCK})`);
      // Earlier holders waited for their change to be visible; a crashed one is finished here.
      await this.projector.catchUp();
      const stream = await this.store.readStream(userStreamId(userId));
      const history = stream.map((stored) => ({ type: stored.type, data: stored.data }) as UserEvent);
      const otherManagers = await this.users.countManagers(userId);
      const events = commands(otherManagers).reduce<UserEvent[]>(
        (decided, command) => [...decided, ...decide(command, foldUser([...history, ...decided]))],
        [],
      );
      if (foldUser(history).status === 'none') throw new UnknownUserError(userId);
      let position = stream.at(-1)?.position ?? 0;
      if (events.length > 0) {
        const outcome = await this.store
          .append({ streamId: userStreamId(userId), expectedVersion: stream.length, events: withMetadata(events, actor, reason) })
          .catch((error: unknown) => {
            if (error instanceof VersionConflictError) throw new UserChangedMeanwhileError();
            throw error;
          });
        position = lastPosition(outcome);
      }
      const view = await this.visible(userId, stream.length + events.length);
      await client.query('COMMIT');
      return { view: positioned(view, position), events };
    });
  }

  /**
   * Who signs in with this username and password. A deactivated user is refused like a wrong
   * password, after the same hashing work; an unknown name costs a comparison too, so the time of
   * a refusal does not tell which usernames exist. The refusal's reason is for the audit only.
   */
  async authenticate(username: string, password: string): Promise<Authentication> {
    const record = await this.users.findForLogin(username);
    const matches = await verifyPassword(password, record?.passwordHash);
    if (!record) return { ok: false, reason: 'unknown user' };
    if (!matches) return { ok: false, reason: 'wrong password', userId: record.user.id };
    if (!record.user.active) return { ok: false, reason: 'deactivated', userId: record.user.id };
    return { ok: true, user: toAuthUser(record.user), mustChangePassword: record.mustChange };
  }

  /**
   * Sets a new password once the current one is proven, and ends every other session of the user:
   * whoever else was signed in as them must sign in again. `keep` is the caller's own session.
   */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string, keep?: string): Promise<Positioned<UserView>> {
    if (!(await verifyPassword(currentPassword, await this.users.passwordHashOf(user.id)))) {
      throw new InvalidUserFieldError('currentPassword', 'currentPassword is not the current password');
    }
    const refusal = passwordProblem(newPassword, user.username);
    if (refusal) throw new InvalidUserFieldError('newPassword', `newPassword ${refusal}`);
    await this.users.replaceCredential(user.id, await hashPassword(newPassword), false);
    await this.resetLinks.dropAllOf(user.id);
    await this.sessions.endAllOf(user.id, 'password changed', keep);
    const { view } = await this.changeAccount(user.id, user, 'password changed by its owner', () => [
      { type: 'RecordPasswordChange', userId: user.id },
    ]);
    return view;
  }

  /**
   * A manager's reset: a random temporary password, which its user must change at the next sign-in;
   * every session of the user ends. The password is answered once and kept only as a hash.
   */
  async resetPassword(userId: string, actor: ActingUser): Promise<Positioned<{ temporaryPassword: string }>> {
    const user = await this.users.findById(userId);
    if (!user) throw new UnknownUserError(userId);
    if (user.service) throw new ServiceAccountPasswordError(user.username);
    const temporaryPassword = temporaryPasswordFor(user.username);
    await this.users.replaceCredential(userId, await hashPassword(temporaryPassword), true);
    await this.resetLinks.dropAllOf(userId);
    await this.sessions.endAllOf(userId, 'password reset');
    const { view } = await this.changeAccount(userId, actor, 'password reset by a manager', () => [
      { type: 'RecordPasswordReset', userId },
    ]);
    return positioned({ temporaryPassword }, view.position);
  }

  /**
   * A manager's reset by email: a one-time link to `{appUrl}/reset-password?token=…`, sent to the
   * user's address and replacing any earlier link. The password and the sessions stay as they are
   * until the link is used. Where no email can be sent, the link is dropped and nothing is recorded.
   */
  async emailResetLink(userId: string, actor: ActingUser, appUrl: string): Promise<Positioned<{ emailed: true; to: string }>> {
    const user = await this.users.findById(userId);
    if (!user) throw new UnknownUserError(userId);
    if (!user.active) throw new ResetLinkForInactiveUserError(user.username);
    if (user.service) throw new ServiceAccountPasswordError(user.username);
    const delivery = await this.sendResetLink(user, appUrl);
    if (!delivery.sent) throw new ResetLinkNotSentError(delivery.reason);
    const { view } = await this.changeAccount(userId, actor, 'reset link emailed by a manager', () => [
      { type: 'RecordPasswordReset', userId },
    ]);
    return positioned({ emailed: true, to: user.email }, view.position);
  }

  /**
   * A user's own request for a reset link, by username or email: the link goes to the address of an
   * active account that matches, and nothing else happens (no event: nothing changes until the link
   * is used). Returns at once, so neither the answer nor its time tells whether an account matched;
   * the outcome is for the log only.
   */
  requestResetLink(login: string, appUrl: string): void {
    void this.sendRequestedLink(login, appUrl).then(
      (outcome) => this.logger.log(`self-service reset link: ${outcome}`),
      (error: unknown) => this.logger.error(`self-service reset link failed: ${messageOf(error)}`),
    );
  }

  private async sendRequestedLink(login: string, appUrl: string): Promise<string> {
    const user = login.includes('@') ? await this.users.findByEmail(login) : (await this.users.findForLogin(login))?.user;
    if (!user?.active || user.service) return 'no active account with a password matches';
    const delivery = await this.sendResetLink(user, appUrl);
    return `for ${user.id}: ${delivery.sent ? 'sent' : `not sent (${delivery.reason})`}`;
  }

  /** Issues a link (ending any earlier one) and emails it; a link that could not be sent is dropped at once. */
  private async sendResetLink(
    user: UserRow,
    appUrl: string,
  ): Promise<{ readonly sent: true } | { readonly sent: false; readonly reason: string }> {
    const { token, expiresAt } = await this.resetLinks.issue(user.id, this.settings.config.resetLinkSeconds);
    const link = `${appUrl}/reset-password?${new URLSearchParams({ token }).toString()}`;
    const delivery = await this.notices.sendResetLink(user, link, expiresAt);
    if (!delivery.sent) await this.resetLinks.dropAllOf(user.id);
    return delivery;
  }

  /**
   * Anyone holding a live reset link sets its user's password with it, once: the rule is checked
   * before the link is used, so a refused password leaves it working. Every session of the user ends.
   */
  async setPasswordWithLink(token: string, newPassword: string): Promise<void> {
    const holder = await this.resetLinks.holderOf(token);
    if (!holder) throw new ResetLinkInvalidError();
    const refusal = passwordProblem(newPassword, holder.username);
    if (refusal) throw new InvalidUserFieldError('newPassword', `newPassword ${refusal}`);
    if (!(await this.resetLinks.consume(token, holder.userId, await hashPassword(newPassword)))) throw new ResetLinkInvalidError();
    await this.sessions.endAllOf(holder.userId, 'password set with a reset link');
    await this.changeAccount(
      holder.userId,
      { id: holder.userId, username: holder.username },
      'password set with an emailed reset link',
      () => [{ type: 'RecordPasswordChange', userId: holder.userId }],
    );
  }

  /** The active user signed in with the live session `sessionId`, as the database has it now. */
  async findBySession(sessionId: string): Promise<AuthUser | undefined> {
    const row = await this.signedIn.load(sessionId);
    return row && toAuthUser(row);
  }

  mustChangePassword(userId: string): Promise<boolean> {
    return this.users.mustChangePassword(userId);
  }

  /** The user as the read model has it now if active: read after the call, whatever calls came before. */
  async find(userId: string): Promise<AuthUser | undefined> {
    const row = await this.current.load(userId);
    return row && toAuthUser(row);
  }

  async list(): Promise<UserView[]> {
    return (await this.users.list()).map(toUserView);
  }

  async hasManager(): Promise<boolean> {
    return (await this.users.countManagers()) > 0;
  }

  /** Returns once the users read model shows `userId` at `version` or later. */
  whenVisible(userId: string, version: number): Promise<void> {
    return this.projector.waitFor(userId, version);
  }

  private async visible(userId: string, version: number): Promise<UserView> {
    await this.projector.waitFor(userId, version);
    const row = await this.users.findById(userId);
    if (!row) throw new UnknownUserError(userId);
    return toUserView(row);
  }

  /** The log names the account but not the address; the owner hears of it by email where mail is configured. */
  private async noticeTakenEmail(email: string): Promise<void> {
    const owner = await this.users.findByEmail(email);
    this.logger.warn(`self-registration with the email of account ${owner?.id ?? '(not yet in the read model)'}; its owner should be told`);
    if (owner) this.notices.send(owner, new Date());
  }
}

/** A user command sends no idempotency key, so its append is never a replay. */
function lastPosition(outcome: AppendOutcome): number {
  const last = outcome.status === 'appended' ? outcome.positions.at(-1) : undefined;
  if (last === undefined) throw new Error('a user command appended no event');
  return last;
}

function withMetadata(events: readonly UserEvent[], actor: ActingUser, reason: string) {
  // An interface has no index signature; the intersection is what the store's open metadata record accepts.
  const metadata: EventMetadata & UserEventMetadata = { userId: actor.id, username: actor.username, correlationId: randomUUID(), reason };
  return events.map((event) => ({ ...event, metadata }));
}
