import { codePng, codeSvg, type LabelCode } from './label-code';
import { readPng } from './testing/read-code';

describe('the code on a label', () => {
  it.each<[string, LabelCode]>([
    ['4006381333931', 'qr'],
    ['4006381333931', 'code128'],
    ['BOLT-M10', 'qr'],
    ['BOLT-M10', 'code128'],
    ['Box/12 a (blue)', 'qr'],
    ['Box/12 a (blue)', 'code128'],
    ['x'.repeat(48), 'code128'],
  ])('renders %j as a %s a barcode reader reads back exactly', async (text, code) => {
    expect(readPng(await codePng(text, code), code)).toBe(text);
  });

  it('renders the same code as a vector SVG', () => {
    const svg = codeSvg('BOLT-M10', 'qr');
    expect(svg).toMatch(/^<svg viewBox="0 0 \d+ \d+" xmlns="http:\/\/www.w3.org\/2000\/svg">/);
    expect(svg).toContain('<path ');
  });
});
