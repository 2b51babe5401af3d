import { ApiProperty } from '@nestjs/swagger';
import type { ChainAnchor, AnchorCheck, ChainVerdict, ChainHead, EventMetadata } from '../../event-store';
import type { AuditEvent } from '../audit-event';
import type { EventLogPage } from '../event-log';

const TEXT = { type: 'string' } as const;

export class AuditEventDto implements AuditEvent {
  @ApiProperty({ type: 'integer' })
  readonly position!: number;

  @ApiProperty({ format: 'uuid' })
  readonly eventId!: string;

  @ApiProperty({ example: 'item-5b0c3f5e-8d4a-4f6e-9a53-0f7f1d2b9c10' })
  readonly streamId!: string;

  @ApiProperty({ type: 'integer' })
  readonly streamVersion!: number;

  @ApiProperty({ example: 'StockMoved' })
  readonly type!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's payload; its shape depends on `type`" })
  readonly data!: unknown;

  @ApiProperty({
    type: 'object',
    properties: { userId: TEXT, username: TEXT, correlationId: TEXT, idempotencyKey: TEXT },
    additionalProperties: true,
    description: 'Who caused the event, under which correlation id and retry key',
  })
  readonly metadata!: EventMetadata;

  @ApiProperty({ format: 'date-time', description: 'To the microsecond, as hashed' })
  readonly recordedAt!: string;

  @ApiProperty({ description: "The event's hash in the stream's chain, hex" })
  readonly hash!: string;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'For a stock movement or transfer that was reversed: the position of the event that reverses it; else null',
  })
  readonly reversedBy!: number | null;
}

export class EventLogPageDto implements EventLogPage {
  @ApiProperty({ type: [AuditEventDto] })
  readonly events!: readonly AuditEventDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The last position of this page when more events match: pass it back as `after`',
  })
  readonly nextCursor!: string | null;

  @ApiProperty({ type: 'integer', description: 'Every event up to this position is final: none can still appear below it' })
  readonly horizon!: number;
}

export class ChainHeadDto implements ChainHead {
  @ApiProperty({ type: 'integer' })
  readonly position!: number;

  @ApiProperty({ type: 'integer' })
  readonly events!: number;

  @ApiProperty({ description: 'Hex digest of the whole log up to `position`; empty before the first event' })
  readonly digest!: string;
}

export class ChainAnchorDto extends ChainHeadDto implements ChainAnchor {
  @ApiProperty({ format: 'date-time' })
  readonly writtenAt!: string;
}

export class AnchorCheckDto implements AnchorCheck {
  @ApiProperty()
  readonly file!: string;

  @ApiProperty({ type: ChainAnchorDto, required: false, description: 'Absent until the app first writes the anchor' })
  readonly anchored?: ChainAnchorDto;

  @ApiProperty({ type: 'integer', required: false, description: 'Anchored events the log lacks (negative: it holds more)' })
  readonly missing?: number;

  @ApiProperty()
  readonly intact!: boolean;

  @ApiProperty()
  readonly message!: string;
}

export class ChainVerdictDto implements ChainVerdict {
  @ApiProperty()
  readonly ok!: boolean;

  @ApiProperty({ type: 'integer', description: 'Events whose hash was recomputed' })
  readonly checked!: number;

  @ApiProperty({ type: 'integer', required: false })
  readonly firstBadPosition?: number;

  @ApiProperty({ type: ChainHeadDto, description: "Where the walk ended: the log's last event and the digest up to it" })
  readonly head!: ChainHeadDto;

  @ApiProperty({ type: AnchorCheckDto, required: false, description: 'Present when an anchor file is configured' })
  readonly anchor?: AnchorCheckDto;
}
