import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ProblemException } from '../common';
import { GetItemsQuery, type ItemView } from '../inventory';
import { LABEL_LAYOUTS } from './label-layouts';
import { LabelsQueryDto } from './labels-query.dto';
import { labelsPdf } from './labels-pdf';
import { labelsSvg } from './labels-svg';

/** The items in the order asked for, or a 404 naming every id that is no item. */
async function itemsInOrder(queries: QueryBus, itemIds: readonly string[]): Promise<ItemView[]> {
  const distinct = [...new Set(itemIds)];
  const found = new Map((await queries.execute(new GetItemsQuery(distinct))).map((item) => [item.id, item]));
  const missing = distinct.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw ProblemException.of('not-found', `no item has the id ${missing.join(', ')}`, {
      errors: [{ field: 'itemIds', message: `${missing.length === 1 ? 'is' : 'are'} no item: ${missing.join(', ')}` }],
    });
  }
  return itemIds.map((id) => found.get(id)).filter((item) => item !== undefined);
}

@ApiTags('labels')
@ApiBearerAuth()
@Controller('labels')
export class LabelsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Printable labels of items: a QR code or Code 128 of the barcode (else the SKU), the name and the SKU' })
  @ApiProduces('application/pdf', 'image/svg+xml')
  @ApiOkResponse({
    schema: { type: 'string', format: 'binary' },
    description: 'A PDF of the layout’s pages, or one SVG of them one under another',
  })
  @ApiResponse({ status: 400, description: 'An id, the format, the layout or the code is not valid (problem+json)' })
  @ApiResponse({ status: 404, description: 'An id is no item (problem+json naming each)' })
  async labels(@Query() query: LabelsQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const items = await itemsInOrder(this.queries, query.itemIds);
    const layout = LABEL_LAYOUTS[query.layout ?? 'letter-3x10'];
    const code = query.code ?? 'qr';
    if (query.format === 'svg') {
      await reply
        .header('Content-Disposition', 'inline; filename="ims-labels.svg"')
        .type('image/svg+xml; charset=utf-8')
        .send(labelsSvg(items, layout, code));
      return;
    }
    const pdf = await labelsPdf(items, layout, code);
    await reply.header('Content-Disposition', 'inline; filename="ims-labels.pdf"').type('application/pdf').send(pdf);
  }
}
