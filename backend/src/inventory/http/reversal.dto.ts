import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { LocationChange, ReversalPreview } from '../commands/answers';
import { Present, Text } from './item-fields';

export class ReversalDto {
  @Text(500, true, 'typed 100 for 10', 1)
  reason!: string;
}

export class ReversalQueryDto {
  @ApiProperty({ required: false, enum: ['true', 'false'], description: 'true answers what the reversal would change and writes nothing' })
  @Present()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

class LocationChangeDto implements LocationChange {
  @ApiProperty({ format: 'uuid' })
  readonly locationId!: string;

  @ApiProperty({ type: 'integer' })
  readonly quantityBefore!: number;

  @ApiProperty({ type: 'integer' })
  readonly quantityAfter!: number;
}

export class ReversalPreviewDto implements ReversalPreview {
  @ApiProperty({ format: 'uuid', description: 'The movement the reversal would correct' })
  readonly reverses!: string;

  @ApiProperty({ format: 'uuid' })
  readonly itemId!: string;

  @ApiProperty({ type: 'integer', description: "The item's total now" })
  readonly quantityBefore!: number;

  @ApiProperty({ type: 'integer', description: "The item's total once reversed" })
  readonly quantityAfter!: number;

  @ApiProperty({ type: [LocationChangeDto], description: 'Each location the reversal moves stock at: its units now and once reversed' })
  readonly locations!: readonly LocationChangeDto[];
}
