import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsUUID } from 'class-validator';
import { Present } from '../inventory';
import { LABEL_CODES, type LabelCode } from './label-code';
import { LABEL_LAYOUT_NAMES, type LabelLayoutName } from './label-layouts';

/** Ten Letter sheets: enough for a shelf's worth, small enough to render in a moment. */
const MAX_LABELS = 300;
export const LABEL_FORMATS = ['pdf', 'svg'] as const;
export type LabelFormat = (typeof LABEL_FORMATS)[number];

/** `a,b,c` (or the parameter repeated) as a list; anything else stays as given so that the validators refuse it by name. */
const CommaList = () =>
  Transform(({ value }: { value: unknown }) => {
    const joined = Array.isArray(value) ? value.join(',') : value;
    return typeof joined === 'string' ? joined.split(',').map((id) => id.trim()) : joined;
  });

export class LabelsQueryDto {
  @ApiProperty({
    type: String,
    example: '5b0c3f5e-8d4a-4f6e-9a53-0f7f1d2b9c10,0c8e1f7a-2b3d-4c5e-8f9a-1b2c3d4e5f60',
    description: `Item ids, comma-separated, one label each in this order (an id given twice prints twice); 1–${MAX_LABELS}`,
  })
  @CommaList()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LABELS)
  @IsUUID('all', { each: true, message: 'itemIds must be item ids (UUIDs), comma-separated' })
  itemIds!: string[];

  @ApiProperty({ required: false, enum: LABEL_FORMATS, default: 'pdf' })
  @Present()
  @IsIn(LABEL_FORMATS)
  format?: LabelFormat;

  @ApiProperty({
    required: false,
    enum: LABEL_LAYOUT_NAMES,
    enumName: 'LabelLayout',
    default: 'letter-3x10',
    description: 'letter-3x10: Avery 5160 (2⅝ × 1 in); a4-3x8: Avery L7159 (63.5 × 33.9 mm); roll-62x29: one 62 × 29 mm label per page',
  })
  @Present()
  @IsIn(LABEL_LAYOUT_NAMES)
  layout?: LabelLayoutName;

  @ApiProperty({ required: false, enum: LABEL_CODES, enumName: 'LabelCode', default: 'qr' })
  @Present()
  @IsIn(LABEL_CODES)
  code?: LabelCode;
}
