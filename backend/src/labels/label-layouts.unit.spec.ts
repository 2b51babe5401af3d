import { LABEL_CODES } from './label-code';
import { labelDesign } from './label-design';
import { LABEL_LAYOUT_NAMES, LABEL_LAYOUTS, labelPlacement, pageCount } from './label-layouts';

const inside = (inner: { x: number; y: number; width: number; height: number }, [width, height]: readonly [number, number]) =>
  inner.x >= 0 && inner.y >= 0 && inner.x + inner.width <= width + 1e-9 && inner.y + inner.height <= height + 1e-9;

describe('label layouts', () => {
  it('places labels across each row, then down, then on the next page', () => {
    const letter = LABEL_LAYOUTS['letter-3x10'];
    expect(labelPlacement(letter, 0)).toEqual({ page: 0, x: 13.5, y: 36 });
    expect(labelPlacement(letter, 2)).toEqual({ page: 0, x: 13.5 + 2 * 198, y: 36 });
    expect(labelPlacement(letter, 3)).toEqual({ page: 0, x: 13.5, y: 36 + 72 });
    expect(labelPlacement(letter, 30)).toEqual({ page: 1, x: 13.5, y: 36 });
    expect(labelPlacement(LABEL_LAYOUTS['roll-62x29'], 4)).toMatchObject({ page: 4, x: 0, y: 0 });
  });

  it('counts the pages the labels fill', () => {
    expect(pageCount(LABEL_LAYOUTS['letter-3x10'], 30)).toBe(1);
    expect(pageCount(LABEL_LAYOUTS['letter-3x10'], 31)).toBe(2);
    expect(pageCount(LABEL_LAYOUTS['a4-3x8'], 25)).toBe(2);
    expect(pageCount(LABEL_LAYOUTS['roll-62x29'], 3)).toBe(3);
  });

  it.each(LABEL_LAYOUT_NAMES)('keeps every label of %s on the page, none overlapping the next', (name) => {
    const layout = LABEL_LAYOUTS[name];
    const perPage = layout.columns * layout.rows;
    for (let index = 0; index < perPage; index += 1) {
      const { x, y } = labelPlacement(layout, index);
      expect(inside({ x, y, width: layout.label[0], height: layout.label[1] }, layout.page)).toBe(true);
    }
    expect(layout.pitch[0]).toBeGreaterThanOrEqual(layout.label[0]);
    expect(layout.pitch[1]).toBeGreaterThanOrEqual(layout.label[1]);
  });

  it.each(LABEL_LAYOUT_NAMES.flatMap((name) => LABEL_CODES.map((code) => [name, code] as const)))(
    'fits the code and the text inside a %s label with a %s code, the code not under the text',
    (name, code) => {
      const { label } = LABEL_LAYOUTS[name];
      const design = labelDesign({ sku: 'BOLT-M10', name: 'Bolt M10', barcode: '4006381333931' }, label, code);
      expect(inside(design.code, label)).toBe(true);
      expect(design.code.height).toBeGreaterThan(label[1] * 0.4);
      for (const line of design.lines) {
        expect(inside(line, label)).toBe(true);
        const beside = line.x >= design.code.x + design.code.width;
        const below = line.y >= design.code.y + design.code.height;
        expect(beside || below).toBe(true);
      }
    },
  );
});
