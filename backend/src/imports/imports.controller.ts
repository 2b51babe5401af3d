import { Controller, Get, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, Roles } from '../access';
import { ProblemException, type HttpRequest } from '../common';
import { ReadsReadModels } from '../projections';
import { commandContext, UuidIdParam } from '../inventory';
import { FILE_UPLOAD } from '../web';
import { ImportTooLargeError } from './domain/import-errors';
import { SHEET_TYPES } from './files/write-sheet';
import { ImportKindQueryDto, ImportPreviewDto, PositionedAppliedImportDto, TemplateQueryDto } from './http/import.dto';
import type { ImportKind } from './imports.repository';
import { ImportsService, type AppliedImport, type ImportPreview } from './imports.service';
import { ItemsExport } from './items-export';

const FILE_FIELD = 'file';
const KINDS: readonly string[] = ['items', 'movements'];

/** Reading a request's form fails only for what the client sent: over the size limit, or not a well-formed form. */
function unreadableForm(error: unknown): never {
  if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
    throw new ImportTooLargeError('the file is larger than the configured limit');
  throw ProblemException.of('validation', 'The body is not a well-formed multipart/form-data form');
}

/** The uploaded file's bytes and the import's kind (query or a form field sent before the file). */
async function upload(request: HttpRequest, query: ImportKindQueryDto): Promise<{ kind: ImportKind; fileName: string; bytes: Buffer }> {
  if (!request.isMultipart()) {
    throw ProblemException.of('unsupported-media-type', `Send the file as multipart/form-data, in the field "${FILE_FIELD}"`);
  }
  const file = await request.file().catch(unreadableForm);
  if (file?.fieldname !== FILE_FIELD) {
    throw ProblemException.of('validation', `The form has no file in the field "${FILE_FIELD}"`, {
      errors: [{ field: FILE_FIELD, message: 'is required' }],
    });
  }
  const field = file.fields.kind;
  const formKind = field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : undefined;
  const kind = query.kind ?? formKind;
  if (kind === undefined || !KINDS.includes(kind)) {
    throw ProblemException.of('validation', 'kind must be items or movements', {
      errors: [{ field: 'kind', message: 'must be items or movements' }],
    });
  }
  return { kind: kind as ImportKind, fileName: file.filename || 'upload', bytes: await file.toBuffer().catch(unreadableForm) };
}

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly exports: ItemsExport,
  ) {}

  @Post()
  @Roles('manager')
  @ReadsReadModels()
  @RouteConfig(FILE_UPLOAD)
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Preview a CSV or XLSX file of items or movements (manager): every row with its action and errors; writes nothing',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [FILE_FIELD],
      properties: { kind: { type: 'string', enum: [...KINDS] }, [FILE_FIELD]: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ type: ImportPreviewDto })
  @ApiResponse({ status: 400, description: 'Not a spreadsheet, or no SKU column (problem+json)' })
  @ApiResponse({ status: 413, description: 'Over the configured size, unpacked size or row limit' })
  async preview(@Req() request: HttpRequest, @Query() query: ImportKindQueryDto, @CurrentUser() user: AuthUser): Promise<ImportPreview> {
    const { kind, fileName, bytes } = await upload(request, query);
    return this.imports.preview(kind, fileName, bytes, user.id);
  }

  @Post(':id/apply')
  @Roles('manager')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Apply a previewed import (manager): every row or none; applying again writes nothing more' })
  @ApiOkResponse({ type: PositionedAppliedImportDto })
  @ApiResponse({
    status: 409,
    description:
      '`conflict` while a row is in error; `import-stale` (with `rows`: [{row, field, message}]) when an item changed, a SKU or barcode was taken or a location archived since the preview: preview again',
  })
  @ApiResponse({ status: 410, description: '`import-expired`: the preview was not applied in time; upload the file again' })
  apply(@UuidIdParam() id: string, @CurrentUser() user: AuthUser, @Req() request: HttpRequest): Promise<AppliedImport> {
    return this.imports.apply(id, commandContext(request, user));
  }

  @Get('template')
  @Roles('manager')
  @ApiOperation({ summary: 'An empty file with the columns an import of that kind reads' })
  @ApiProduces(SHEET_TYPES.csv, SHEET_TYPES.xlsx)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async template(@Query() query: TemplateQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const format = query.format ?? 'csv';
    await reply
      .header('Content-Disposition', `attachment; filename="ims-${query.kind}-template.${format}"`)
      .type(SHEET_TYPES[format])
      .send(await this.exports.template(query.kind, format));
  }
}
