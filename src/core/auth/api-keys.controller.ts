import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '../validation/uuid-param.pipe.js';
import { ApiPageResponse } from '../openapi/api-page-response.decorator.js';
import { type Page, PageQuery } from '../pagination/page.js';
import { ApiKeyView, CreateApiKeyDto, CreatedApiKeyView } from './api-keys.dto.js';
import { ApiKeysService } from './api-keys.service.js';
import { CurrentPrincipal } from './current-principal.decorator.js';
import type { Principal } from './principal.js';
import { Roles } from './roles.decorator.js';

@ApiTags('keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedApiKeyView, description: 'The key is in `key`, shown this once' })
  create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal): Promise<CreatedApiKeyView> {
    return this.apiKeys.create(body, principal);
  }

  @Get()
  @ApiOperation({ summary: 'API keys, by name' })
  @ApiPageResponse(ApiKeyView)
  list(@Query() page: PageQuery): Promise<Page<ApiKeyView>> {
    return this.apiKeys.list(page);
  }

  @Delete(':id')
  @ApiOkResponse({ type: ApiKeyView, description: 'The key, revoked' })
  revoke(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<ApiKeyView> {
    return this.apiKeys.revoke(id, principal);
  }
}
