import { ApiProperty } from '@nestjs/swagger';
import { NEXT_CURSOR } from '../../inventory';
import type { AlertEmailData } from '../domain/alert-events';
import { ALERT_STATES, type AlertList, type AlertState, type AlertView } from '../read-models/alert-view';

export class AlertEmailDto implements AlertEmailData {
  @ApiProperty({ type: [String], description: 'Empty, like `from`, in a preview made without mail settings' })
  readonly to!: readonly string[];

  @ApiProperty()
  readonly from!: string;

  @ApiProperty()
  readonly subject!: string;

  @ApiProperty()
  readonly text!: string;

  @ApiProperty()
  readonly html!: string;
}

export class AlertViewDto implements AlertView {
  @ApiProperty({ format: 'uuid', description: "The `LowStockAlertRaised` event id, the email function's idempotency key" })
  readonly id!: string;

  @ApiProperty({ format: 'uuid' })
  readonly itemId!: string;

  @ApiProperty()
  readonly sku!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty()
  readonly unit!: string;

  @ApiProperty({ type: 'integer', description: 'The quantity right after the event that made the item low' })
  readonly quantity!: number;

  @ApiProperty({ type: 'integer' })
  readonly threshold!: number;

  @ApiProperty({ type: 'integer', description: 'The global position of the event that made the item low' })
  readonly causedByPosition!: number;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "The location that ran low; null: the item's total" })
  readonly locationId!: string | null;

  @ApiProperty({ nullable: true, type: String, description: "The location's code when the alert was raised; null: the item's total" })
  readonly locationCode!: string | null;

  @ApiProperty({ type: 'integer', description: "The global position of the alert's `LowStockAlertRaised` event" })
  readonly position!: number;

  @ApiProperty({ format: 'date-time' })
  readonly raisedAt!: string;

  @ApiProperty({ enum: ALERT_STATES, enumName: 'AlertState' })
  readonly state!: AlertState;

  @ApiProperty({ type: 'integer', description: 'Calls made to the email function so far' })
  readonly attempts!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a pending alert is tried next; null once settled' })
  readonly nextAttemptAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  readonly lastError!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readonly settledAt!: string | null;

  @ApiProperty({
    type: AlertEmailDto,
    nullable: true,
    description: 'The email sent (sent) or that would be (preview); null until the function answered it',
  })
  readonly email!: AlertEmailDto | null;
}

export class AlertListDto implements AlertList {
  @ApiProperty({ type: [AlertViewDto] })
  readonly alerts!: readonly AlertViewDto[];

  @ApiProperty(NEXT_CURSOR)
  readonly nextCursor!: string | null;
}
