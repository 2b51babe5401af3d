import { codeSvg, type LabelCode } from './label-code';
import { codeText, labelDesign, type LabelItem } from './label-design';
import { labelPlacement, pageCount, type LabelLayout } from './label-layouts';

/** Text as XML character data, without the control characters XML 1.0 cannot carry. */
const xml = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex -- exactly the characters XML 1.0 forbids
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const points = (value: number) => Number(value.toFixed(2));

/** bwip-js's own SVG of the code, placed in the box (a nested SVG keeps its viewBox). */
function placedCode(svg: string, box: { x: number; y: number; width: number; height: number; stretch: boolean }): string {
  const placement = `x="${points(box.x)}" y="${points(box.y)}" width="${points(box.width)}" height="${points(box.height)}" preserveAspectRatio="${box.stretch ? 'none' : 'xMidYMid meet'}"`;
  return svg.replace(/^\s*<svg /, `<svg ${placement} `);
}

function labelSvg(item: LabelItem, x: number, y: number, layout: LabelLayout, code: LabelCode): string {
  const [width, height] = layout.label;
  const design = labelDesign(item, layout.label, code);
  const lines = design.lines.map(
    (line) =>
      `<text x="${points(line.x)}" y="${points(line.y + line.size)}" font-size="${points(line.size)}"${line.bold ? ' font-weight="bold"' : ''}>${xml(line.text)}</text>`,
  );
  // A nested SVG clips what overflows it: a name too long for the label is cut at its edge.
  return [
    `<svg x="${points(x)}" y="${points(y)}" width="${points(width)}" height="${points(height)}" viewBox="0 0 ${points(width)} ${points(height)}">`,
    placedCode(codeSvg(codeText(item), code), design.code),
    ...lines,
    '</svg>',
  ].join('\n');
}

/** The labels as one SVG: the layout's pages one under another, each label as on the printed sheet. */
export function labelsSvg(items: readonly LabelItem[], layout: LabelLayout, code: LabelCode): string {
  const [pageWidth, pageHeight] = layout.page;
  const height = pageHeight * pageCount(layout, items.length);
  const labels = items.map((item, index) => {
    const { page, x, y } = labelPlacement(layout, index);
    return labelSvg(item, x, page * pageHeight + y, layout, code);
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${points(pageWidth)}pt" height="${points(height)}pt" viewBox="0 0 ${points(pageWidth)} ${points(height)}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...labels,
    '</svg>',
    '',
  ].join('\n');
}
