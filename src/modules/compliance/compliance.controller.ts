import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { AnyRole, Roles } from '../../core/auth/roles.decorator.js';
import type { Page } from '../../core/pagination/page.js';
import { ApiPageResponse } from '../../core/openapi/api-page-response.decorator.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import { BreachesService } from './breaches.service.js';
import { ComplianceRunsService } from './compliance-runs.service.js';
import {
  AcknowledgeBreachDto,
  BreachReasonDto,
  BreachView,
  ComplianceRunView,
  CreateComplianceRunDto,
  ListBreachesQuery,
  ListComplianceRunsQuery,
} from './compliance.dto.js';

@ApiTags('compliance')
@ApiBearerAuth()
@Controller()
export class ComplianceController {
  constructor(
    private readonly runs: ComplianceRunsService,
    private readonly breaches: BreachesService,
  ) {}

  @Post('compliance-runs')
  @HttpCode(202)
  @Roles('admin', 'workforce_lead')
  @ApiAcceptedResponse({
    type: ComplianceRunView,
    description: 'Queued: split into one chunk per trust and week, checked by the workers. 503 while Redis is down.',
  })
  requestRun(
    @Body() body: CreateComplianceRunDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ComplianceRunView> {
    return this.runs.request(body, principal);
  }

  @Get('compliance-runs')
  @AnyRole()
  @ApiPageResponse(ComplianceRunView)
  listRuns(
    @Query() query: ListComplianceRunsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<ComplianceRunView>> {
    return this.runs.list(query, principal);
  }

  @Get('compliance-runs/:id')
  @AnyRole()
  @ApiOkResponse({ type: ComplianceRunView })
  getRun(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ComplianceRunView> {
    return this.runs.get(id, principal);
  }

  @Get('breaches')
  @Roles('admin', 'workforce_lead', 'rota_manager', 'approver')
  @ApiPageResponse(BreachView)
  listBreaches(@Query() query: ListBreachesQuery, @CurrentPrincipal() principal: Principal): Promise<Page<BreachView>> {
    return this.breaches.list(query, principal);
  }

  @Get('breaches/:id')
  @Roles('admin', 'workforce_lead', 'rota_manager', 'approver')
  @ApiOkResponse({ type: BreachView })
  getBreach(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<BreachView> {
    return this.breaches.get(id, principal);
  }

  @Post('breaches/:id/acknowledge')
  @HttpCode(200)
  @Roles('admin', 'workforce_lead')
  @ApiOkResponse({ type: BreachView, description: '409 unless the breach is open' })
  acknowledge(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: AcknowledgeBreachDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BreachView> {
    return this.breaches.transition(id, 'acknowledge', body.reason, principal);
  }

  @Post('breaches/:id/justify')
  @HttpCode(200)
  @Roles('admin', 'workforce_lead')
  @ApiOkResponse({ type: BreachView, description: 'Stays justified through re-checks unless its amount grows' })
  justify(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: BreachReasonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BreachView> {
    return this.breaches.transition(id, 'justify', body.reason, principal);
  }

  @Post('breaches/:id/resolve')
  @HttpCode(200)
  @Roles('admin', 'workforce_lead')
  @ApiOkResponse({ type: BreachView, description: 'Resolution `manual`' })
  resolve(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: BreachReasonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BreachView> {
    return this.breaches.transition(id, 'resolve', body.reason, principal);
  }
}
