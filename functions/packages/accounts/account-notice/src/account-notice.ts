import escapeHtml from 'escape-html';
import { z } from 'zod';
import type { Email } from '../../../../lib/src/sendgrid-sender';

/** What the API posts when someone registers with the email address of an existing account. */
export const accountNoticeSchema = z.object({
  /** The account's own address: the notice goes to its owner only. */
  to: z.email().max(320),
  username: z.string().trim().min(1).max(200),
  attemptedAt: z.iso.datetime({ offset: true }),
});

export type AccountNotice = z.output<typeof accountNoticeSchema>;
export type AccountNoticeRequest = z.input<typeof accountNoticeSchema>;

/** No link and no secret: the owner acts, if at all, through the usual sign-in or a manager. */
export function composeAccountNotice(notice: AccountNotice, from: string): Email {
  const paragraphs = [
    `Someone tried to register a new IMS account with your email address on ${notice.attemptedAt}.`,
    `If it was you, sign in with your username ${notice.username} or ask a manager to reset your password; if not, nothing changed.`,
  ];
  return {
    to: [notice.to],
    from,
    subject: 'Someone tried to register an IMS account with your email address',
    text: paragraphs.join('\n\n'),
    html: paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n'),
  };
}
