import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SHEET_TYPES } from './files/write-sheet';
import { SheetFormatQueryDto } from './http/import.dto';
import { ItemsExport } from './items-export';

@ApiTags('items')
@ApiBearerAuth()
@Controller('items')
export class ItemsExportController {
  constructor(private readonly exports: ItemsExport) {}

  @Get('export')
  @ApiOperation({ summary: 'Every item with its units at each location, as CSV or XLSX: the file re-imports unchanged' })
  @ApiProduces(SHEET_TYPES.csv, SHEET_TYPES.xlsx)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: 'A download, `ims-items-<date>.<format>`' })
  async export(@Query() query: SheetFormatQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const format = query.format ?? 'csv';
    await reply
      .header('Content-Disposition', `attachment; filename="ims-items-${new Date().toISOString().slice(0, 10)}.${format}"`)
      .type(SHEET_TYPES[format])
      .send(await this.exports.items(format));
  }
}
