import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsUUID, Matches, Max, Min, ValidateIf } from 'class-validator';
import { ALERT_STATES, type AlertState } from './queries/alert-view';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

const Present = () => ValidateIf((_, value) => value !== undefined);

export class ListAlertsQueryDto {
  @ApiProperty({ required: false, enum: ALERT_STATES })
  @Present()
  @IsIn(ALERT_STATES)
  state?: AlertState;

  @ApiProperty({ required: false, format: 'uuid' })
  @Present()
  @IsUUID()
  itemId?: string;

  @ApiProperty({ required: false, type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @Present()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiProperty({ required: false, description: 'The `nextCursor` of the previous page' })
  @Present()
  @Matches(/^[1-9]\d{0,15}$/, { message: '$property must be a nextCursor this API handed out' })
  cursor?: string;
}
