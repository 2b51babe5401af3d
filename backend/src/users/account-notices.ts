import { Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { FunctionEndpoint } from '../serverless';
import { messageOf } from '../common';
import { InjectPool } from '../database';
import { requestAccountNotice } from './account-notice-client';
import type { UserRow } from './user-view';

/** At most one notice per account in this long, so the registration form cannot flood an owner's inbox. */
const ACCOUNT_NOTICE_INTERVAL_SECONDS = 60 * 60;

/**
 * Emails an account's owner that someone tried to register with their address. A direct call,
 * not an outbox row: the notice follows no event (a refused registration appends nothing), and a
 * notice lost to a crash is better than one retried into a second email. The once-an-hour claim
 * is a row in `account_notices`, so it holds across replicas and restarts.
 */
@Injectable()
export class AccountNotices {
  private readonly logger = new Logger(AccountNotices.name);

  constructor(
    @InjectPool() private readonly pool: Pool,
    private readonly endpoint: FunctionEndpoint,
  ) {}

  /** Starts the notice and returns at once: the registrant's answer never waits for it or hears of its failure. */
  send(owner: Pick<UserRow, 'id' | 'username' | 'email'>, attemptedAt: Date): void {
    void this.deliver(owner, attemptedAt).catch((error: unknown) => {
      this.logger.error(`account notice for ${owner.id} failed: ${messageOf(error)}`);
    });
  }

  private async deliver(owner: Pick<UserRow, 'id' | 'username' | 'email'>, attemptedAt: Date): Promise<void> {
    const url = this.endpoint.accountNoticeUrl;
    if (url === undefined) return;
    if (!(await this.claim(owner.id))) return;
    const answer = await requestAccountNotice(
      { url, apiKey: this.endpoint.apiKey },
      { to: owner.email, username: owner.username, attemptedAt: attemptedAt.toISOString() },
    );
    if (answer.ok) this.logger.log(`account notice for ${owner.id}: ${answer.status}`);
    else this.logger.error(`account notice for ${owner.id} not sent: ${answer.reason}`);
  }

  /**
   * Emails the user a one-time link for a new password and waits for the answer: the manager who
   * asked hears whether it went. A preview (no SendGrid key) sent nothing, so it is a failure here.
   */
  async sendResetLink(
    user: Pick<UserRow, 'id' | 'username' | 'email'>,
    link: string,
    expiresAt: Date,
  ): Promise<{ readonly sent: true } | { readonly sent: false; readonly reason: string }> {
    const url = this.endpoint.accountNoticeUrl;
    if (url === undefined) return { sent: false, reason: 'no account-notice function is configured' };
    const answer = await requestAccountNotice(
      { url, apiKey: this.endpoint.apiKey },
      { kind: 'password-reset-link', to: user.email, username: user.username, link, expiresAt: expiresAt.toISOString() },
    );
    if (!answer.ok) return { sent: false, reason: answer.reason };
    if (answer.status === 'preview') return { sent: false, reason: 'the function has no SendGrid key, so it sends nothing' };
    this.logger.log(`reset link for ${user.id}: sent`);
    return { sent: true };
  }

  /** Whether this attempt may notify: no notice to the account within the interval, atomically across replicas. */
  private async claim(userId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO account_notices (user_id, noticed_at) VALUES ($1, now())
       ON CONFLICT (user_id) DO UPDATE SET noticed_at = now()
       WHERE account_notices.noticed_at <= now() - make_interval(secs => $2)`,
      [userId, ACCOUNT_NOTICE_INTERVAL_SECONDS],
    );
    return rowCount === 1;
  }
}
