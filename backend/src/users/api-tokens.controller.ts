import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, type SignedInUser } from '../access';
import { ApiTokens, type ApiTokenView } from './api-tokens';
import { ApiTokenListDto, CreateApiTokenDto, CreatedApiTokenDto } from './http/api-tokens.dto';
import { ApiTokenForbiddenError } from './user-errors';

/** The signed-in user's personal API tokens and, for a manager, those of the service accounts. */
@ApiTags('tokens')
@ApiBearerAuth()
@Controller('tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokens) {}

  @Get()
  @ApiOkResponse({ type: ApiTokenListDto })
  @ApiQuery({ name: 'userId', required: false, description: "A service account's id (managers only): its tokens" })
  async list(
    @CurrentUser() user: SignedInUser,
    @Query('userId', new ParseUUIDPipe({ optional: true })) userId?: string,
  ): Promise<{ tokens: ApiTokenView[] }> {
    return { tokens: await this.tokens.list(user, userId) };
  }

  /** The answer holds the secret, this once. A token cannot make another: a leaked one would outlive its revocation. */
  @Post()
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  @ApiForbiddenResponse({ description: "A role above the creator's, or asked with an API token" })
  create(@Body() body: CreateApiTokenDto, @CurrentUser() user: SignedInUser): Promise<ApiTokenView & { token: string }> {
    if (user.credential.kind === 'api-token') throw new ApiTokenForbiddenError('An API token cannot make API tokens; sign in');
    return this.tokens.create(user, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  revoke(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: SignedInUser): Promise<void> {
    return this.tokens.revoke(user, id);
  }
}
