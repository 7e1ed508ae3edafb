import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { Roles } from '../../core/auth/roles.decorator.js';
import { ApiPageResponse } from '../../core/openapi/api-page-response.decorator.js';
import type { Page } from '../../core/pagination/page.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import { CreateInvoiceDto, InvoiceSummaryView, InvoiceView, ListInvoicesQuery } from './invoices.dto.js';
import { InvoicesService } from './invoices.service.js';

@ApiTags('invoices')
@ApiBearerAuth()
@Controller()
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Post('invoices')
  @Roles('agency', 'integration', 'admin')
  @ApiCreatedResponse({
    type: InvoiceView,
    description:
      'Reconciled line by line (docs/rules.md section 14). 404 another agency, or lines naming no booking of the agency in the caller’s scope at all; 409 the agency’s invoice number again; 422 lines naming bookings of two systems',
  })
  create(@Body() body: CreateInvoiceDto, @CurrentPrincipal() principal: Principal): Promise<InvoiceView> {
    return this.invoices.create(body, principal);
  }

  @Get('invoices')
  @Roles('agency', 'workforce_lead', 'rota_manager', 'approver', 'integration', 'admin')
  @ApiPageResponse(InvoiceSummaryView)
  list(@Query() query: ListInvoicesQuery, @CurrentPrincipal() principal: Principal): Promise<Page<InvoiceSummaryView>> {
    return this.invoices.list(query, principal);
  }

  @Get('invoices/:id')
  @Roles('agency', 'workforce_lead', 'rota_manager', 'approver', 'integration', 'admin')
  @ApiOkResponse({ type: InvoiceView })
  get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<InvoiceView> {
    return this.invoices.get(id, principal);
  }
}
