import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';
import { Present } from '../../inventory';

/** More lines than a person counts in one go; a bigger count is several stocktakes. */
const MAX_LINES = 2000;
const MAX_COUNT = 1_000_000_000;

export class OpenStocktakeDto {
  @ApiProperty({ format: 'uuid', description: 'Where the count is taken' })
  @IsUUID()
  locationId!: string;

  @ApiProperty({
    required: false,
    type: [String],
    format: 'uuid',
    maxItems: MAX_LINES,
    description: 'The items to count; every item with stock at the location when left out',
  })
  @Present()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_LINES)
  @IsUUID('all', { each: true })
  itemIds?: string[];
}

export class CountLineDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_COUNT, description: 'The units counted on the shelf' })
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  counted!: number;
}

export class PostStocktakeQueryDto {
  @ApiProperty({ required: false, enum: ['true', 'false'], description: 'true previews the posting without writing' })
  @Present()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}
