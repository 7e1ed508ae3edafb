import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { Roles } from '../../core/auth/roles.decorator.js';
import { ApiPageResponse } from '../../core/openapi/api-page-response.decorator.js';
import type { Page } from '../../core/pagination/page.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import { ListDeliveriesQuery } from './alerts.dto.js';
import {
  CreateEmailSubscriptionDto,
  EmailDeliveryView,
  EmailSubscriptionView,
  ListEmailSubscriptionsQuery,
} from './email.dto.js';
import { EmailSubscriptionsService } from './email-subscriptions.service.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('email-subscriptions')
export class EmailSubscriptionsController {
  constructor(private readonly subscriptions: EmailSubscriptionsService) {}

  @Post()
  @Roles('admin', 'workforce_lead', 'rota_manager')
  @ApiCreatedResponse({
    type: EmailSubscriptionView,
    description:
      'Each event of the system or trust whose type is in `events` is e-mailed to `address` (plain text and HTML, linking to the pages at PUBLIC_URL, or else to the API), at least once, retried with exponential backoff and jitter. Rota managers subscribe for a trust in their scope (403 for a system); signed in as a person, only their own e-mail (403). 404 for a system or trust outside the caller’s scope, 409 when the address is already subscribed there, 422 `EMAIL_NOT_CONFIGURED` when the service has no SMTP_URL.',
  })
  create(
    @Body() body: CreateEmailSubscriptionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EmailSubscriptionView> {
    return this.subscriptions.create(body, principal);
  }

  @Get()
  @Roles('admin', 'workforce_lead', 'rota_manager')
  @ApiPageResponse(EmailSubscriptionView)
  list(
    @Query() query: ListEmailSubscriptionsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<EmailSubscriptionView>> {
    return this.subscriptions.list(query, principal);
  }

  @Delete(':id')
  @Roles('admin', 'workforce_lead', 'rota_manager')
  @ApiOkResponse({ type: EmailSubscriptionView, description: 'Removed: no more e-mails; its deliveries stay' })
  remove(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EmailSubscriptionView> {
    return this.subscriptions.remove(id, principal);
  }

  @Get(':id/deliveries')
  @Roles('admin', 'workforce_lead', 'rota_manager')
  @ApiPageResponse(EmailDeliveryView)
  listDeliveries(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ListDeliveriesQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<EmailDeliveryView>> {
    return this.subscriptions.listDeliveries(id, query, principal);
  }
}
