import PDFDocument from 'pdfkit';
import { codePng, type LabelCode } from './label-code';
import { codeText, labelDesign, type LabelItem } from './label-design';
import { labelPlacement, type LabelLayout } from './label-layouts';

/** The labels as a PDF, page after page of the layout; the codes are images, the text is text (searchable, sharp). */
export async function labelsPdf(items: readonly LabelItem[], layout: LabelLayout, code: LabelCode): Promise<Buffer> {
  const images = await Promise.all(items.map((item) => codePng(codeText(item), code)));
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
    const image = images[index];
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
