import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsUrl, MaxLength } from 'class-validator';
import { WEBHOOK_FORMATS, type WebhookFormat } from '../domain/webhook-body';
import { WEBHOOK_TOPICS, type WebhookTopic } from '../domain/webhook-topics';
import type { DeliveryState, WebhookDeliveryView } from '../webhook-deliveries.repository';
import type { WebhookView } from '../webhook-subscriptions.repository';

const URL_CHARACTERS = 2000;
const DELIVERY_STATES: readonly DeliveryState[] = ['pending', 'delivered', 'failed'];

const URL_RULES = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const URL_MESSAGE = 'url must be an http or https URL';
const EVENTS_MESSAGE = `events must be some of ${WEBHOOK_TOPICS.join(', ')}`;

export class CreateWebhookDto {
  @ApiProperty({ maxLength: URL_CHARACTERS, description: 'Where deliveries are POSTed; its host must resolve to public addresses only' })
  @IsUrl(URL_RULES, { message: URL_MESSAGE })
  @MaxLength(URL_CHARACTERS, { message: `url must be at most ${URL_CHARACTERS} characters` })
  readonly url!: string;

  @ApiProperty({ enum: WEBHOOK_TOPICS, isArray: true, description: '`item.*`: every item message' })
  @IsArray({ message: EVENTS_MESSAGE })
  @ArrayNotEmpty({ message: 'events must name at least one event type' })
  @ArrayMaxSize(WEBHOOK_TOPICS.length, { message: EVENTS_MESSAGE })
  @ArrayUnique({ message: 'events must not repeat a type' })
  @IsIn(WEBHOOK_TOPICS, { each: true, message: EVENTS_MESSAGE })
  readonly events!: WebhookTopic[];

  @ApiProperty({ required: false, default: true })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  readonly active?: boolean;

  @ApiProperty({
    required: false,
    enum: WEBHOOK_FORMATS,
    default: 'standard',
    description: '`slack`: `{text}` for a chat incoming-webhook URL',
  })
  @IsOptional()
  @IsIn(WEBHOOK_FORMATS, { message: `format must be one of ${WEBHOOK_FORMATS.join(', ')}` })
  readonly format?: WebhookFormat;
}

export class UpdateWebhookDto {
  @ApiProperty({ required: false, maxLength: URL_CHARACTERS })
  @IsOptional()
  @IsUrl(URL_RULES, { message: URL_MESSAGE })
  @MaxLength(URL_CHARACTERS, { message: `url must be at most ${URL_CHARACTERS} characters` })
  readonly url?: string;

  @ApiProperty({ required: false, enum: WEBHOOK_TOPICS, isArray: true })
  @IsOptional()
  @IsArray({ message: EVENTS_MESSAGE })
  @ArrayNotEmpty({ message: 'events must name at least one event type' })
  @ArrayMaxSize(WEBHOOK_TOPICS.length, { message: EVENTS_MESSAGE })
  @ArrayUnique({ message: 'events must not repeat a type' })
  @IsIn(WEBHOOK_TOPICS, { each: true, message: EVENTS_MESSAGE })
  readonly events?: WebhookTopic[];

  @ApiProperty({ required: false, description: 'true also clears an automatic disabling' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  readonly active?: boolean;

  @ApiProperty({ required: false, enum: WEBHOOK_FORMATS })
  @IsOptional()
  @IsIn(WEBHOOK_FORMATS, { message: `format must be one of ${WEBHOOK_FORMATS.join(', ')}` })
  readonly format?: WebhookFormat;
}

export class WebhookViewDto implements WebhookView {
  @ApiProperty({ format: 'uuid' })
  readonly id!: string;

  @ApiProperty()
  readonly url!: string;

  @ApiProperty({ enum: WEBHOOK_TOPICS, isArray: true })
  readonly events!: WebhookTopic[];

  @ApiProperty()
  readonly active!: boolean;

  @ApiProperty({ enum: WEBHOOK_FORMATS })
  readonly format!: WebhookFormat;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  readonly updatedAt!: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'When repeated failure disabled it' })
  readonly disabledAt!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  readonly disabledReason!: string | null;
}

export class CreatedWebhookDto extends WebhookViewDto {
  @ApiProperty({ description: 'The signing secret (`whsec_…`, Standard Webhooks): shown this once' })
  readonly secret!: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookViewDto] })
  readonly webhooks!: readonly WebhookViewDto[];
}

export class WebhookDeliveryDto implements WebhookDeliveryView {
  @ApiProperty({ format: 'uuid', description: 'The `webhook-id` header, the same on every attempt' })
  readonly id!: string;

  @ApiProperty({ description: 'e.g. stock.moved, or webhook.test' })
  readonly eventType!: string;

  @ApiProperty({ type: 'integer', nullable: true })
  readonly position!: number | null;

  @ApiProperty({ enum: DELIVERY_STATES })
  readonly state!: DeliveryState;

  @ApiProperty({ type: 'integer' })
  readonly attempts!: number;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  readonly nextAttemptAt!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  readonly lastAttemptAt!: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  readonly responseStatus!: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  readonly durationMs!: number | null;

  @ApiProperty({ type: 'string', nullable: true })
  readonly lastError!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  readonly deliveredAt!: string | null;
}

export class WebhookDeliveryListDto {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  readonly deliveries!: readonly WebhookDeliveryDto[];
}
