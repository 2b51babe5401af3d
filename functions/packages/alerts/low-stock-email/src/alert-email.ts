import escapeHtml from 'escape-html';
import type { LowStockAlert } from './low-stock-alert';
import type { Email } from '../../../../lib/src/sendgrid-sender';
import type { MailSettings } from '../../../../lib/src/settings';

export type AlertEmail = Email;

const amount = (value: number, unit: string | null | undefined) => (unit ? `${value} ${unit}` : String(value));

/** One line, whatever the item's name holds. */
const singleLine = (value: string) => value.replace(/\s+/g, ' ');

export function composeAlertEmail(alert: LowStockAlert, settings: Pick<MailSettings, 'from' | 'to'>): AlertEmail {
  const quantity = amount(alert.quantity, alert.unit);
  const threshold = amount(alert.threshold, alert.unit);
  const at = alert.locationCode ? ` at ${alert.locationCode}` : '';
  const location: [label: string, value: string][] = alert.locationCode ? [['Location', alert.locationCode]] : [];
  const rows: readonly [label: string, value: string][] = [
    ['SKU', alert.sku],
    ...location,
    ['Quantity left', quantity],
    ['Low-stock threshold', threshold],
    ['Raised at', alert.raisedAt],
    ['Item id', alert.itemId],
    ['Alert', `${alert.idempotencyKey} (event position ${alert.position})`],
  ];
  const subject = singleLine(`Low stock: ${alert.name} (${alert.sku}) has ${quantity} left${at}`);
  const text = [
    `${alert.name} is at or below its low-stock threshold${at}.`,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    'Restock the item or adjust its threshold in IMS.',
  ].join('\n');
  const html = [
    `<p><strong>${escapeHtml(alert.name)}</strong> is at or below its low-stock threshold${escapeHtml(at)}.</p>`,
    '<table>',
    ...rows.map(([label, value]) => `<tr><th align="left">${label}</th><td>${escapeHtml(value)}</td></tr>`),
    '</table>',
    '<p>Restock the item or adjust its threshold in IMS.</p>',
  ].join('\n');
  return { to: settings.to, from: settings.from, subject, text, html };
}
