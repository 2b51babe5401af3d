import escapeHtml from 'escape-html';
import { z } from 'zod';
import type { Email } from '../../../../lib/src/sendgrid-sender';

/** The account's own address: every notice goes to its owner only. */
const owner = { to: z.email().max(320), username: z.string().trim().min(1).max(200) };

/** What the API posts when someone registers with the email address of an existing account (the kind callers may leave out). */
const registrationAttemptSchema = z.object({
  kind: z.literal('registration-attempt').optional(),
  ...owner,
  attemptedAt: z.iso.datetime({ offset: true }),
});

/** What the API posts when a manager has a one-time link sent for setting a new password. */
const resetLinkSchema = z.object({
  kind: z.literal('password-reset-link'),
  ...owner,
  link: z.url({ protocol: /^https?$/ }).max(2000),
  expiresAt: z.iso.datetime({ offset: true }),
});

export const accountNoticeSchema = z.union([resetLinkSchema, registrationAttemptSchema]);

export type AccountNotice = z.output<typeof accountNoticeSchema>;
export type AccountNoticeRequest = z.input<typeof accountNoticeSchema>;

export function composeAccountNotice(notice: AccountNotice, from: string): Email {
  return notice.kind === 'password-reset-link' ? composeResetLink(notice, from) : composeRegistrationAttempt(notice, from);
}

function emailOf(to: string, from: string, subject: string, paragraphs: readonly string[]): Email {
  return {
    to: [to],
    from,
    subject,
    text: paragraphs.join('\n\n'),
    html: paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n'),
  };
}

/** No link and no secret: the owner acts, if at all, through the usual sign-in or a manager. */
function composeRegistrationAttempt(notice: z.output<typeof registrationAttemptSchema>, from: string): Email {
  return emailOf(notice.to, from, 'Someone tried to register an IMS account with your email address', [
    `Someone tried to register a new IMS account with your email address on ${notice.attemptedAt}.`,
    `If it was you, sign in with your username ${notice.username} or ask a manager to reset your password; if not, nothing changed.`,
  ]);
}

/** The link is the secret: it opens the account once, until it expires, so it goes in no log and no other field. */
function composeResetLink(notice: z.output<typeof resetLinkSchema>, from: string): Email {
  return emailOf(notice.to, from, 'Set a new IMS password', [
    `A manager has reset the password of your IMS account ${notice.username}.`,
    `Open this link to choose a new password: ${notice.link}`,
    `The link works once and expires at ${notice.expiresAt}. If you did not expect it, tell a manager; your password has not changed.`,
  ]);
}
