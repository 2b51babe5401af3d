import { ApiProperty } from '@nestjs/swagger';
import { PositionedDto } from '../../web';
import type {
  CountedLine,
  OpenedStocktake,
  Posting,
  PostingLine,
  StocktakeActor,
  StocktakeLineView,
  StocktakeStatus,
  StocktakeSummary,
  StocktakeView,
} from '../queries/impl/views';

const STATUSES: StocktakeStatus[] = ['open', 'posted'];

class StocktakeActorDto implements StocktakeActor {
  @ApiProperty()
  readonly id!: string;

  @ApiProperty()
  readonly username!: string;
}

export class StocktakeLineDto implements StocktakeLineView {
  @ApiProperty({ format: 'uuid' })
  readonly itemId!: string;

  @ApiProperty()
  readonly sku!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty()
  readonly unit!: string;

  @ApiProperty({ type: 'integer', nullable: true })
  readonly counted!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readonly countedAt!: string | null;

  @ApiProperty({ type: StocktakeActorDto, nullable: true })
  readonly countedBy!: StocktakeActorDto | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The global position the count was taken at' })
  readonly countedPosition!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, required: false, description: 'Managers only: the stock when counted' })
  readonly expected?: number | null;

  @ApiProperty({ type: 'integer', nullable: true, required: false, description: 'Managers only: counted − expected' })
  readonly variance?: number | null;
}

export class StocktakeSummaryDto implements StocktakeSummary {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ format: 'uuid' })
  readonly locationId!: string;

  @ApiProperty()
  readonly locationCode!: string;

  @ApiProperty({ enum: STATUSES, enumName: 'StocktakeStatus' })
  readonly status!: StocktakeStatus;

  @ApiProperty({ format: 'date-time' })
  readonly openedAt!: string;

  @ApiProperty({ type: StocktakeActorDto, nullable: true })
  readonly openedBy!: StocktakeActorDto | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readonly postedAt!: string | null;

  @ApiProperty({ type: 'integer' })
  readonly lineCount!: number;

  @ApiProperty({ type: 'integer' })
  readonly countedCount!: number;
}

export class StocktakeViewDto extends StocktakeSummaryDto implements StocktakeView {
  @ApiProperty({ type: [StocktakeLineDto] })
  readonly lines!: StocktakeLineDto[];
}

class OpenedLineDto {
  @ApiProperty({ format: 'uuid' })
  readonly itemId!: string;
}

class OpenedStocktakeDto implements OpenedStocktake {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ format: 'uuid' })
  readonly locationId!: string;

  @ApiProperty({ enum: ['open'] })
  readonly status!: 'open';

  @ApiProperty({ type: [OpenedLineDto] })
  readonly lines!: OpenedLineDto[];
}

export class PositionedOpenedStocktakeDto extends PositionedDto(OpenedStocktakeDto) {}

class CountedLineDto implements CountedLine {
  @ApiProperty({ format: 'uuid' })
  readonly stocktakeId!: string;

  @ApiProperty({ format: 'uuid' })
  readonly itemId!: string;

  @ApiProperty({ type: 'integer' })
  readonly counted!: number;

  @ApiProperty({ format: 'date-time' })
  readonly countedAt!: string;

  @ApiProperty({ type: 'integer', description: 'The global position of the item event the count was taken against' })
  readonly countedPosition!: number;
}

export class PositionedCountedLineDto extends PositionedDto(CountedLineDto) {}

class PostingLineDto implements PostingLine {
  @ApiProperty({ format: 'uuid' })
  readonly itemId!: string;

  @ApiProperty()
  readonly sku!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty({ type: 'integer' })
  readonly counted!: number;

  @ApiProperty({ type: 'integer', description: 'The stock at the location when the line was counted' })
  readonly expected!: number;

  @ApiProperty({ type: 'integer', description: 'counted − expected: the adjustment' })
  readonly variance!: number;

  @ApiProperty({ type: 'integer' })
  readonly quantityBefore!: number;

  @ApiProperty({ type: 'integer' })
  readonly quantityAfter!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'variance × unit price; null for an unpriced item' })
  readonly varianceValue!: number | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  readonly movementId!: string | null;
}

export class PostingDto implements Posting {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty({ enum: STATUSES, enumName: 'StocktakeStatus' })
  readonly status!: StocktakeStatus;

  @ApiProperty()
  readonly dryRun!: boolean;

  @ApiProperty({ type: [PostingLineDto] })
  readonly lines!: PostingLineDto[];

  @ApiProperty({ type: 'integer' })
  readonly totalVariance!: number;

  @ApiProperty({ type: Number })
  readonly totalValue!: number;

  @ApiProperty({ type: 'integer', required: false, description: 'The last event appended (absent for a preview)' })
  readonly position?: number;
}
