import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { Roles } from '../../core/auth/roles.decorator.js';
import { ApiPageResponse } from '../../core/openapi/api-page-response.decorator.js';
import type { Page } from '../../core/pagination/page.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import {
  AlertView,
  CreatedWebhookView,
  CreateWebhookDto,
  DeliveryView,
  ListAlertsQuery,
  ListDeliveriesQuery,
  ListWebhooksQuery,
  WebhookView,
} from './alerts.dto.js';
import { AlertsService } from './alerts.service.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller()
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post('webhooks')
  @Roles('admin', 'workforce_lead', 'agency')
  @ApiCreatedResponse({
    type: CreatedWebhookView,
    description:
      'Events of the system or trust are POSTed as `{id, event, occurredAt, data}` with `Fairshift-Signature: sha256=<hex HMAC-SHA256 of the raw body under the secret>`, `Fairshift-Event-Id` and `Fairshift-Event-Type`; any 2xx within 10 s delivers, anything else is retried with exponential backoff and jitter, the same event id each time.',
  })
  createWebhook(@Body() body: CreateWebhookDto, @CurrentPrincipal() principal: Principal): Promise<CreatedWebhookView> {
    return this.alerts.createWebhook(body, principal);
  }

  @Get('webhooks')
  @Roles('admin', 'workforce_lead', 'agency')
  @ApiPageResponse(WebhookView)
  listWebhooks(
    @Query() query: ListWebhooksQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<WebhookView>> {
    return this.alerts.listWebhooks(query, principal);
  }

  @Delete('webhooks/:id')
  @Roles('admin', 'workforce_lead', 'agency')
  @ApiOkResponse({ type: WebhookView, description: 'Deactivated: no more deliveries; its history stays' })
  removeWebhook(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WebhookView> {
    return this.alerts.removeWebhook(id, principal);
  }

  @Get('webhooks/:id/deliveries')
  @Roles('admin', 'workforce_lead', 'agency')
  @ApiPageResponse(DeliveryView)
  listDeliveries(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ListDeliveriesQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<DeliveryView>> {
    return this.alerts.listDeliveries(id, query, principal);
  }

  @Post('webhook-deliveries/:id/redeliver')
  @HttpCode(202)
  @Roles('admin', 'workforce_lead')
  @ApiOkResponse({ type: DeliveryView, description: '409 while it is still being attempted' })
  redeliver(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<DeliveryView> {
    return this.alerts.redeliver(id, principal);
  }

  @Get('alerts')
  @Roles('admin', 'workforce_lead', 'rota_manager', 'approver')
  @ApiPageResponse(AlertView)
  listAlerts(@Query() query: ListAlertsQuery, @CurrentPrincipal() principal: Principal): Promise<Page<AlertView>> {
    return this.alerts.listAlerts(query, principal);
  }
}
