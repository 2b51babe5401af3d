/** An item is low on stock at or below its threshold (so an empty item with threshold 0 is low). */
export const isLowStock = (quantity: number, lowStockThreshold: number): boolean => quantity <= lowStockThreshold;
