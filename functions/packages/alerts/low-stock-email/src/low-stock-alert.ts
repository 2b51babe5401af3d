import { z } from 'zod';
import type { FieldError } from './web-action';

const count = z.int().nonnegative();

/** What the alert dispatcher posts for one LowStockAlertRaised event. */
export const lowStockAlertSchema = z.object({
  /** The LowStockAlertRaised event id: a repeat within the process lifetime is not sent again. */
  idempotencyKey: z.string().trim().min(1).max(200),
  itemId: z.string().trim().min(1).max(200),
  sku: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(500),
  quantity: count,
  threshold: count,
  unit: z.string().trim().max(50).nullish(),
  raisedAt: z.iso.datetime({ offset: true }),
  /** Global position of the event that made the item low. */
  position: count,
});

export type LowStockAlert = z.output<typeof lowStockAlertSchema>;
export type LowStockAlertRequest = z.input<typeof lowStockAlertSchema>;

export type AlertParse = { readonly alert: LowStockAlert } | { readonly errors: readonly FieldError[] };

export function parseLowStockAlert(text: string | undefined): AlertParse {
  if (text === undefined || text.trim() === '') {
    return { errors: [{ field: 'body', message: 'A JSON body is required' }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { errors: [{ field: 'body', message: 'The body is not valid JSON' }] };
  }
  const parsed = lowStockAlertSchema.safeParse(json);
  if (parsed.success) return { alert: parsed.data };
  return {
    errors: parsed.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.join('.') : 'body',
      message: issue.message,
    })),
  };
}
