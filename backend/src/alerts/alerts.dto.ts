import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID, Matches } from 'class-validator';
import { PageQueryDto, Present } from '../inventory';
import { ALERT_STATES, type AlertState } from './read-models/alert-view';

export class ListAlertsQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, enum: ALERT_STATES, enumName: 'AlertState' })
  @Present()
  @IsIn(ALERT_STATES)
  state?: AlertState;

  @ApiProperty({ required: false, format: 'uuid' })
  @Present()
  @IsUUID()
  itemId?: string;

  @ApiProperty({ required: false, description: 'The `nextCursor` of the previous page' })
  @Present()
  @Matches(/^[1-9]\d{0,15}$/, { message: '$property must be a nextCursor this API handed out' })
  declare cursor?: string;
}
