import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type SignedInUser } from '../access';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDeliveryListDto,
  WebhookListDto,
  WebhookViewDto,
} from './http/webhooks.dto';
import type { WebhookDeliveryView } from './webhook-deliveries.repository';
import type { WebhookView } from './webhook-subscriptions.repository';
import { Webhooks } from './webhooks';

@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('manager')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: Webhooks) {}

  @Get()
  @ApiOkResponse({ type: WebhookListDto })
  async list(): Promise<{ webhooks: WebhookView[] }> {
    return { webhooks: await this.webhooks.list() };
  }

  /** The answer holds the signing secret, this once. */
  @Post()
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  create(@Body() body: CreateWebhookDto, @CurrentUser() user: SignedInUser): Promise<WebhookView & { secret: string }> {
    return this.webhooks.create(user, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookViewDto })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookView> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: WebhookViewDto })
  change(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateWebhookDto): Promise<WebhookView> {
    return this.webhooks.change(id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: WebhookDeliveryListDto })
  async deliveries(@Param('id', new ParseUUIDPipe()) id: string): Promise<{ deliveries: WebhookDeliveryView[] }> {
    return { deliveries: await this.webhooks.deliveriesOf(id) };
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  redeliver(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('deliveryId', new ParseUUIDPipe()) deliveryId: string,
  ): Promise<WebhookDeliveryView> {
    return this.webhooks.redeliver(id, deliveryId);
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  sendTest(@Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookDeliveryView> {
    return this.webhooks.sendTest(id);
  }
}
