import { z } from 'zod';
import { parseJsonBody, type BodyParse } from '../../../../lib/src/web-action';

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
  /** The code of the location that ran low; absent when the item's total did. */
  locationCode: z.string().trim().min(1).max(200).nullish(),
});

export type LowStockAlert = z.output<typeof lowStockAlertSchema>;
export type LowStockAlertRequest = z.input<typeof lowStockAlertSchema>;

export const parseLowStockAlert = (text: string | undefined): BodyParse<LowStockAlert> => parseJsonBody(lowStockAlertSchema, text);
