import type { LabelCode } from './label-code';

/** What a label shows of an item. */
export interface LabelItem {
  readonly sku: string;
  readonly name: string;
  readonly barcode: string | null;
}

/** What the code on a label encodes: the barcode, else the SKU; GET /api/items/by-code finds the item by either. */
export const codeText = (item: LabelItem): string => item.barcode ?? item.sku;

/** A box within the label, in points from its top left corner. */
interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface TextLine extends Box {
  readonly text: string;
  /** Font size in points; `height` is one line of it. */
  readonly size: number;
  readonly bold: boolean;
}

export interface LabelDesign {
  /** A QR code keeps its square inside the box; a Code 128 is stretched to fill it (its bars only widen). */
  readonly code: Box & { readonly stretch: boolean };
  readonly lines: readonly TextLine[];
}

const LEADING = 1.25;
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** One line under another, from `top`, each as wide as `width`. */
function stacked(x: number, top: number, width: number, lines: readonly Pick<TextLine, 'text' | 'size' | 'bold'>[]): TextLine[] {
  let y = top;
  return lines.map((line) => {
    const placed = { ...line, x, y, width, height: line.size * LEADING };
    y += placed.height;
    return placed;
  });
}

/**
 * Where the code and the text go on a label of `width` × `height` points: a QR code square at the
 * left with the name, the SKU and the barcode beside it; a Code 128 across the top with the name and
 * the SKU (and barcode) under it. The PDF and the SVG draw the same design.
 */
export function labelDesign(item: LabelItem, [width, height]: readonly [number, number], code: LabelCode): LabelDesign {
  const pad = Math.min(width, height) * 0.08;
  if (code === 'qr') {
    const side = height - 2 * pad;
    const size = clamp(height * 0.15, 7, 12);
    const textX = pad + side + pad;
    const lines = [
      { text: item.name, size, bold: true },
      { text: item.sku, size: size * 0.85, bold: false },
      ...(item.barcode === null ? [] : [{ text: item.barcode, size: size * 0.85, bold: false }]),
    ];
    return { code: { x: pad, y: pad, width: side, height: side, stretch: false }, lines: stacked(textX, pad, width - textX - pad, lines) };
  }
  const size = clamp(height * 0.12, 6.5, 10);
  const lines = [
    { text: item.name, size, bold: true },
    { text: item.barcode === null ? item.sku : `${item.sku} · ${item.barcode}`, size: size * 0.9, bold: false },
  ];
  const textHeight = lines.reduce((total, line) => total + line.size * LEADING, 0);
  const codeHeight = height - 2 * pad - textHeight;
  return {
    code: { x: pad, y: pad, width: width - 2 * pad, height: codeHeight, stretch: true },
    lines: stacked(pad, pad + codeHeight, width - 2 * pad, lines),
  };
}
