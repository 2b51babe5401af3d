import type { IncomingMessage } from 'node:http';
import { Inject, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect } from '@nestjs/websockets';
import type { RawData, WebSocket } from 'ws';
import { AccessTokens, NotAuthenticatedError } from '../auth';
import { Metrics } from '../metrics';
import { StoreNotifications } from '../event-store';
import { API_TOKENS_ENDED_CHANNEL, SESSIONS_ENDED_CHANNEL, UsersService } from '../users';
import type { Credential } from '../access';
import { LiveBatch } from './live-batch';
import { LiveFeed, type FeedListener } from './live-feed';
import { helloFrame, parseResume, resetFrame, resumeInQuery, type OutgoingEntry } from './live-messages';
import { LIVE_OPTIONS, type LiveOptions } from './live-options';
import { LiveSession } from './live-session';
import { resume } from './resume';
import type { RoleChange } from './role-changes';
import { messageOf } from '../common';

/** Close codes a client can act on (4000–4999 are the application's). */
const CLOSE = {
  unauthorized: 4401,
  roleChanged: 4403,
  invalidRequest: 1008,
  unavailable: 1013,
} as const;

/** The `exp` claim of a token already verified, in ms. */
function expiryOf(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp?: unknown };
  return typeof payload.exp === 'number' ? payload.exp * 1000 : Number.POSITIVE_INFINITY;
}

/**
 * `/ws`: authenticates each socket with its `?token=`, greets it with the store's epoch and the
 * feed's position, answers `resume`, and fans the feed out: each wake-up's messages are framed once
 * and written to every live socket that lacks them as the same bytes, in one write (`LiveBatch`).
 * A socket whose queue passes the bound is dropped instead of holding the others back, one that
 * misses a heartbeat is dropped, and one whose user's role changed, whose session ended (on any
 * replica), whose user is gone or whose token expired is closed, so it reconnects and is
 * authorised afresh.
 */
@WebSocketGateway({ path: '/ws', maxPayload: 4096, perMessageDeflate: false })
export class LiveGateway implements OnGatewayConnection, OnGatewayDisconnect, OnModuleInit, BeforeApplicationShutdown, FeedListener {
  private readonly logger = new Logger('LiveGateway');
  private readonly sessions = new Map<WebSocket, LiveSession>();
  private heartbeat: NodeJS.Timeout | undefined;
  private stopHearingEnds: (() => void)[] = [];

  constructor(
    private readonly feed: LiveFeed,
    private readonly tokens: AccessTokens,
    private readonly users: UsersService,
    private readonly metrics: Metrics,
    private readonly notifications: StoreNotifications,
    @Inject(LIVE_OPTIONS) private readonly options: LiveOptions,
  ) {}

  onModuleInit(): void {
    this.feed.listen(this);
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.heartbeat.unref();
    this.stopHearingEnds = [
      this.notifications.on(SESSIONS_ENDED_CHANNEL, (sessionId) => this.credentialEnded('session', sessionId)),
      this.notifications.on(API_TOKENS_ENDED_CHANNEL, (tokenId) => this.credentialEnded('api-token', tokenId)),
    ];
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.heartbeat);
    for (const stop of this.stopHearingEnds) stop();
  }

  /** Authenticated sockets on this replica. */
  get clients(): number {
    return this.sessions.size;
  }

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const session = new LiveSession(socket, request.socket, (error) => {
      // A resume that could not read the database: the client reconnects and resumes again.
      this.logger.warn(`socket of ${session.user?.username ?? 'an unauthenticated user'} failed: ${messageOf(error)}`);
      session.socket.close(CLOSE.unavailable, 'try again later');
    });
    socket.on('pong', () => {
      session.alive = true;
    });
    session.queue(() => this.authenticate(session, request));
    socket.on('message', (raw: RawData) => {
      const wanted = parseResume(raw);
      if (wanted)
        session.queue(() => (session.user ? resume(session, wanted, this.feed, this.options.maxBufferedBytes) : Promise.resolve()));
    });
  }

  handleDisconnect(socket: WebSocket): void {
    if (this.sessions.delete(socket)) this.metrics.setWebSocketClients(this.sessions.size);
  }

  delivered(entries: readonly OutgoingEntry[]): void {
    const batch = new LiveBatch(entries);
    for (const session of this.sessions.values()) {
      if (!session.live || session.deliver(batch, this.options.maxBufferedBytes)) continue;
      this.logger.warn(`dropping the socket of ${session.user?.username}: over ${this.options.maxBufferedBytes} bytes queued`);
      session.socket.terminate();
    }
  }

  reset(): void {
    const frame = resetFrame(this.feed.epoch, this.feed.cursor);
    for (const session of this.sessions.values()) {
      if (!session.live) continue;
      session.send(frame);
      session.startAt(this.feed.cursor);
    }
  }

  rolesChanged(changes: readonly RoleChange[]): void {
    for (const change of changes) {
      // A closed client re-reads its user and reconnects: both must already see the new role.
      void this.users
        .whenVisible(change.userId, change.version)
        .catch((error: unknown) => this.logger.warn(`role change of ${change.userId} not yet visible: ${messageOf(error)}`))
        .then(() => {
          for (const session of this.sessions.values()) {
            if (session.user?.id !== change.userId) continue;
            if (change.role === null) this.closeSignedOut(session);
            else if (session.user.role !== change.role) this.closeRoleChanged(session);
          }
        });
    }
  }

  /** A session or API token ended on any replica; '' after the listener reconnected, when ends may have been missed. */
  private credentialEnded(kind: Credential['kind'], id: string): void {
    if (id === '') {
      void this.recheckUsers().catch((error: unknown) => this.logger.warn(`could not re-check users: ${messageOf(error)}`));
      return;
    }
    for (const session of this.sessions.values()) {
      if (session.user?.credential.kind === kind && session.user.credential.id === id) this.closeSignedOut(session);
    }
  }

  private async authenticate(session: LiveSession, request: IncomingMessage): Promise<void> {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    const token = query.get('token');
    try {
      if (!token) throw new NotAuthenticatedError('A valid access token is required');
      const user = await this.tokens.verifyAccessToken(token);
      if (user.passwordChangeOnly) throw new NotAuthenticatedError('Change your temporary password first');
      session.user = user;
      session.expiresAt = user.credential.kind === 'api-token' ? (user.credential.expiresAt ?? Number.POSITIVE_INFINITY) : expiryOf(token);
    } catch (error) {
      if (error instanceof NotAuthenticatedError) session.socket.close(CLOSE.unauthorized, error.message);
      else {
        this.logger.warn(`could not authenticate a socket: ${messageOf(error)}`);
        session.socket.close(CLOSE.unavailable, 'try again later');
      }
      return;
    }
    if (!session.open) return;
    this.sessions.set(session.socket, session);
    this.metrics.setWebSocketClients(this.sessions.size);
    session.startAt(this.feed.cursor);
    session.send(helloFrame(this.feed.epoch, this.feed.cursor));
    const wanted = resumeInQuery(query);
    if (wanted === 'invalid') session.socket.close(CLOSE.invalidRequest, 'after must be a position (a non-negative integer)');
    else if (wanted) await resume(session, wanted, this.feed, this.options.maxBufferedBytes);
    else session.goLive();
  }

  private beat(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) {
      if (!session.alive) session.socket.terminate();
      else if (session.expiresAt <= now) this.closeExpired(session);
      else if (session.open) {
        session.alive = false;
        session.socket.ping();
      }
    }
    void this.recheckUsers().catch((error: unknown) => this.logger.warn(`could not re-check users: ${messageOf(error)}`));
  }

  /**
   * A session or API token revoked whose announcement was missed (the listener was reconnecting), a user
   * deactivated or whose role changed without the feed showing it (e.g. while it was stalled).
   */
  private async recheckUsers(): Promise<void> {
    const signedIn = new Map(
      [...this.sessions.values()].flatMap((session) => (session.user ? [[session.user.credential.id, session.user.credential]] : [])),
    );
    for (const [id, credential] of signedIn) {
      const current = await this.tokens.current(credential);
      for (const session of this.sessions.values()) {
        if (session.user?.credential.id !== id) continue;
        // A token that expired while it was looked up is refused as expired, not revoked.
        if (!current && session.expiresAt <= Date.now()) this.closeExpired(session);
        else if (!current) this.closeSignedOut(session);
        else if (current.role !== session.user.role) this.closeRoleChanged(session);
      }
    }
  }

  private closeExpired(session: LiveSession): void {
    session.socket.close(CLOSE.unauthorized, 'The access token has expired; sign in again');
  }

  private closeSignedOut(session: LiveSession): void {
    const ended = session.user?.credential.kind === 'api-token' ? 'The API token has been revoked' : 'The session has ended';
    session.socket.close(CLOSE.unauthorized, `${ended}; sign in again`);
  }

  private closeRoleChanged(session: LiveSession): void {
    session.socket.close(CLOSE.roleChanged, 'Your role changed; connect again');
  }
}
