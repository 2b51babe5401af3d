import PDFDocument from 'pdfkit';
import { codePng, type LabelCode } from './label-code';
import { codeText, labelDesign, type LabelItem } from './label-design';
import { labelPlacement, type LabelLayout } from './label-layouts';

/**
 * Each distinct code's PNG, rendered one after another: rendering is synchronous work, and a sheet of
 * codes at once would hold up every other request for as long.
 */
async function codeImages(texts: readonly string[], code: LabelCode): Promise<Map<string, Buffer>> {
  const images = new Map<string, Buffer>();
  for (const text of new Set(texts)) images.set(text, await codePng(text, code));
  return images;
}

/** The labels as a PDF, page after page of the layout; the codes are images, the text is text (searchable, sharp). */
export async function labelsPdf(items: readonly LabelItem[], layout: LabelLayout, code: LabelCode): Promise<Buffer> {
  const images = await codeImages(items.map(codeText), code);
  const document = new PDFDocument({ size: [...layout.page], margin: 0, autoFirstPage: false, info: { Title: 'Labels', Creator: 'IMS' } });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    document.on('end', resolve);
    document.on('error', reject);
  });
  let pages = 0;
  for (const [index, item] of items.entries()) {
    const { page, x, y } = labelPlacement(layout, index);
    for (; pages <= page; pages += 1) document.addPage({ size: [...layout.page], margin: 0 });
    const design = labelDesign(item, layout.label, code);
    const box = design.code;
    const image = images.get(codeText(item));
    if (image === undefined) throw new Error(`no code image for label ${index}`);
    document.image(
      image,
      x + box.x,
      y + box.y,
      box.stretch ? { width: box.width, height: box.height } : { fit: [box.width, box.height], align: 'center', valign: 'center' },
    );
    for (const line of design.lines) {
      document
        .font(line.bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(line.size)
        // One line: what does not fit the label's width ends in an ellipsis.
        .text(line.text, x + line.x, y + line.y, { width: line.width, height: line.height, ellipsis: true });
    }
  }
  document.end();
  await ended;
  return Buffer.concat(chunks);
}
