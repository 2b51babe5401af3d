/** PostScript points: 72 to the inch. */
const inch = (inches: number) => inches * 72;
const mm = (millimetres: number) => (millimetres * 72) / 25.4;

/** A page of labels in a grid; sizes in points, the origin at the page's top left. */
export interface LabelLayout {
  readonly title: string;
  readonly page: readonly [width: number, height: number];
  readonly label: readonly [width: number, height: number];
  readonly columns: number;
  readonly rows: number;
  /** Where the first label's top left corner is. */
  readonly margin: readonly [left: number, top: number];
  /** From one label's top left corner to the next one's, across and down. */
  readonly pitch: readonly [across: number, down: number];
}

/** Common sheets (Avery 5160 Letter, Avery L7159 A4) and a continuous roll cut to one label per page (Brother DK-11209). */
export const LABEL_LAYOUTS = {
  'letter-3x10': {
    title: 'Letter, 3 × 10 (Avery 5160, 2⅝ × 1 in)',
    page: [inch(8.5), inch(11)],
    label: [inch(2.625), inch(1)],
    columns: 3,
    rows: 10,
    margin: [inch(0.1875), inch(0.5)],
    pitch: [inch(2.75), inch(1)],
  },
  'a4-3x8': {
    title: 'A4, 3 × 8 (Avery L7159, 63.5 × 33.9 mm)',
    page: [mm(210), mm(297)],
    label: [mm(63.5), mm(33.9)],
    columns: 3,
    rows: 8,
    margin: [mm(6.4), mm(12.9)],
    pitch: [mm(66), mm(33.9)],
  },
  'roll-62x29': {
    title: 'Roll, 62 × 29 mm, one label per page (Brother DK-11209)',
    page: [mm(62), mm(29)],
    label: [mm(62), mm(29)],
    columns: 1,
    rows: 1,
    margin: [0, 0],
    pitch: [mm(62), mm(29)],
  },
} as const satisfies Record<string, LabelLayout>;

export type LabelLayoutName = keyof typeof LABEL_LAYOUTS;
export const LABEL_LAYOUT_NAMES = Object.keys(LABEL_LAYOUTS) as LabelLayoutName[];

export interface LabelPlacement {
  /** 0 for the first page. */
  readonly page: number;
  readonly x: number;
  readonly y: number;
}

/** Where the label number `index` goes: across each row, row after row, page after page. */
export function labelPlacement(layout: LabelLayout, index: number): LabelPlacement {
  const perPage = layout.columns * layout.rows;
  const slot = index % perPage;
  return {
    page: Math.floor(index / perPage),
    x: layout.margin[0] + (slot % layout.columns) * layout.pitch[0],
    y: layout.margin[1] + Math.floor(slot / layout.columns) * layout.pitch[1],
  };
}

/** How many pages `count` labels fill. */
export const pageCount = (layout: LabelLayout, count: number): number => Math.ceil(count / (layout.columns * layout.rows));
