import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import type { ActingUser, AuthUser, Role } from '../access';
import { InjectPool, FreshLookups } from '../database';
import { ReservationConflictError, VersionConflictError, EventStore, positioned } from '../event-store';
import type { AppendOutcome, Reservation, EventMetadata, Positioned } from '../event-store';
import { AccountNotices } from './account-notices';
import { decide, foldUser, UnknownUserError } from './domain/user';
import { userStreamId, type UserEvent, type UserEventMetadata } from './domain/user-events';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { SessionsRepository } from './sessions.repository';
import { toAuthUser, toUserView, type UserRow, type UserView } from './user-view';
import { InvalidUserFieldError, UserChangedMeanwhileError, UserFieldTakenError, type TakenField } from './user-errors';
import { UsersProjector } from './users.projector';
import { UsersRepository } from './users.repository';

/** What a self-registration may tell the caller: never whether an email belongs to an account. */
export type SelfRegistration = Pick<UserView, 'username' | 'email' | 'role'>;

export interface NewUser {
  readonly username: string;
  readonly email: string;
  readonly password: string;
  readonly role: Role;
}

/** `self`: the new user registers itself (or is the first manager) and is its own actor. */
export type Registrar = { readonly actor: ActingUser; readonly reason: string } | { readonly self: true; readonly reason: string };

// Role changes take turns database-wide, so two managers demoting each other cannot both count the other.
const ROLE_CHANGE_LOCK = "hashtextextended('ims.users.role-change', 0)";

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

  constructor(
    @InjectPool() private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly users: UsersRepository,
    private readonly projector: UsersProjector,
    private readonly sessions: SessionsRepository,
    private readonly notices: AccountNotices,
  ) {
    this.current = new FreshLookups((ids) => this.users.findByIds(ids));
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
  async registerSelf(user: Omit<NewUser, 'role'>): Promise<SelfRegistration> {
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
    const events = decide({ type: 'RegisterUser', userId, username: user.username, email: user.email, role: user.role }, foldUser([]));
    const actor = 'self' in registrar ? { id: userId, username: user.username } : registrar.actor;
    // The hash goes first: a crash before the append leaves a credential of a user who does not exist.
    await this.users.saveCredential(userId, await hashPassword(user.password));
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

  async changeRole(userId: string, role: Role, actor: ActingUser): Promise<Positioned<UserView>> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(${ROLE_CHANGE_LOCK})`);
      // Earlier holders waited for their change to be visible; a crashed one is finished here.
      await this.projector.catchUp();
      const stream = await this.store.readStream(userStreamId(userId));
      const state = foldUser(stream.map((stored) => ({ type: stored.type, data: stored.data }) as UserEvent));
      const otherManagers = await this.users.countManagers(userId);
      const events = decide({ type: 'ChangeRole', userId, role, otherManagers }, state);
      // A change to the role it has already is answered with the position of the event that gave it.
      let position = stream.at(-1)?.position ?? 0;
      if (events.length > 0) {
        const outcome = await this.store
          .append({
            streamId: userStreamId(userId),
            expectedVersion: stream.length,
            events: withMetadata(events, actor, `role changed to ${role}`),
          })
          .catch((error: unknown) => {
            if (error instanceof VersionConflictError) throw new UserChangedMeanwhileError();
            throw error;
          });
        position = lastPosition(outcome);
      }
      const view = await this.visible(userId, stream.length + events.length);
      await client.query('COMMIT');
      if (events.length > 0) await this.sessions.endAllOf(userId, `role changed to ${role}`);
      return positioned(view, position);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** The user whose username and password these are, or undefined; as slow for a stranger as for a wrong password. */
  async authenticate(username: string, password: string): Promise<AuthUser | undefined> {
    const record = await this.users.findForLogin(username);
    const matches = await verifyPassword(password, record?.passwordHash);
    return matches && record ? toAuthUser(record.user) : undefined;
  }

  /**
   * Sets a new password once the current one is proven, and ends every other session of the user:
   * whoever else was signed in as them must sign in again. `keep` is the caller's refresh token.
   */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string, keep?: string): Promise<void> {
    if (!(await verifyPassword(currentPassword, await this.users.passwordHashOf(user.id)))) {
      throw new InvalidUserFieldError('currentPassword', 'currentPassword is not the current password');
    }
    const refusal = passwordProblem(newPassword, user.username);
    if (refusal) throw new InvalidUserFieldError('newPassword', `newPassword ${refusal}`);
    await this.users.replaceCredential(user.id, await hashPassword(newPassword));
    await this.sessions.endAllOf(user.id, 'password changed', keep);
  }

  /** The user as the read model has it now: read after the call, whatever calls came before. */
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
