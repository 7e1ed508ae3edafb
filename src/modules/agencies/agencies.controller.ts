import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { AnyRole, Roles } from '../../core/auth/roles.decorator.js';
import { ApiPageResponse } from '../../core/openapi/api-page-response.decorator.js';
import { type Page, PageQuery } from '../../core/pagination/page.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import {
  AgencyContractView,
  AgencyView,
  CreateAgencyContractDto,
  CreateAgencyDto,
  ListAgencyContractsQuery,
} from './agencies.dto.js';
import { AgenciesService } from './agencies.service.js';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller()
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Post('agencies')
  @Roles('admin', 'workforce_lead')
  @ApiCreatedResponse({ type: AgencyView })
  createAgency(@Body() body: CreateAgencyDto, @CurrentPrincipal() principal: Principal): Promise<AgencyView> {
    return this.agencies.createAgency(body, principal);
  }

  @Get('agencies')
  @AnyRole()
  @ApiPageResponse(AgencyView)
  listAgencies(@Query() page: PageQuery): Promise<Page<AgencyView>> {
    return this.agencies.listAgencies(page);
  }

  @Post('agency-contracts')
  @Roles('admin', 'workforce_lead')
  @ApiCreatedResponse({ type: AgencyContractView })
  createContract(
    @Body() body: CreateAgencyContractDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgencyContractView> {
    return this.agencies.createContract(body, principal);
  }

  @Get('agency-contracts')
  @AnyRole()
  @ApiPageResponse(AgencyContractView)
  listContracts(
    @Query() query: ListAgencyContractsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<AgencyContractView>> {
    return this.agencies.listContracts(query, principal);
  }

  @Get('agency-contracts/:id')
  @AnyRole()
  @ApiOkResponse({ type: AgencyContractView })
  getContract(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgencyContractView> {
    return this.agencies.getContract(id, principal);
  }
}
