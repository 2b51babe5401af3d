import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Present } from '../../inventory';
import { PositionedDto } from '../../web';
import type { ImportSummary, RowAction, RowError, RowPreview } from '../domain/import-plan';
import type { SheetFormat } from '../files/write-sheet';
import type { ImportKind } from '../imports.repository';
import type { AppliedImport, ImportPreview } from '../imports.service';

const KINDS: readonly ImportKind[] = ['items', 'movements'];
const FORMATS: readonly SheetFormat[] = ['csv', 'xlsx'];
const ACTIONS: readonly RowAction[] = ['create', 'update', 'unchanged', 'error'];

export class ImportKindQueryDto {
  @ApiProperty({
    enum: KINDS,
    enumName: 'ImportKind',
    description: 'What the file holds (or send a `kind` form field before the file)',
    required: false,
  })
  @Present()
  @IsIn(KINDS)
  kind?: ImportKind;
}

export class SheetFormatQueryDto {
  @ApiProperty({ enum: FORMATS, enumName: 'SheetFormat', required: false, description: 'csv by default' })
  @Present()
  @IsIn(FORMATS)
  format?: SheetFormat;
}

export class TemplateQueryDto extends SheetFormatQueryDto {
  @ApiProperty({ enum: KINDS, enumName: 'ImportKind' })
  @IsIn(KINDS)
  kind!: ImportKind;
}

class RowErrorDto implements RowError {
  @ApiProperty({ example: 'price', description: 'The column as headed in the file, or `row` for the row as a whole' })
  field!: string;

  @ApiProperty({ example: 'must be a price of 0 or more with at most two decimals, e.g. 12.50' })
  message!: string;
}

class RowPreviewDto implements RowPreview {
  @ApiProperty({ example: 2, description: 'The row in the file; the header is row 1' })
  row!: number;

  @ApiProperty({ enum: ACTIONS, enumName: 'ImportRowAction' })
  action!: RowAction;

  @ApiProperty({ type: [RowErrorDto] })
  errors!: RowErrorDto[];
}

class ImportSummaryDto implements ImportSummary {
  @ApiProperty() rows!: number;
  @ApiProperty() create!: number;
  @ApiProperty() update!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty() error!: number;
  @ApiProperty({ description: 'Events applying would append' }) events!: number;
  @ApiProperty({ type: [String], description: 'About the file as a whole, e.g. columns that are not imported' }) warnings!: string[];
}

export class ImportPreviewDto implements ImportPreview {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: KINDS, enumName: 'ImportKind' })
  kind!: ImportKind;

  @ApiProperty({ type: [RowPreviewDto] })
  rows!: RowPreviewDto[];

  @ApiProperty({ type: ImportSummaryDto })
  summary!: ImportSummaryDto;
}

class AppliedImportDto implements Omit<AppliedImport, 'position'> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Events this import wrote; the same however often it is applied' })
  events!: number;
}

export class PositionedAppliedImportDto extends PositionedDto(AppliedImportDto) {}
