import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { AnyRole, Roles } from '../../core/auth/roles.decorator.js';
import { ApiPageResponse } from '../../core/openapi/api-page-response.decorator.js';
import { type Page, PageQuery } from '../../core/pagination/page.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import {
  CreateSystemDto,
  CreateTrustDto,
  CreateWardDto,
  ListTrustsQuery,
  SystemView,
  TrustView,
  UpdateSystemDto,
  WardView,
} from './organisations.dto.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller()
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post('systems')
  @Roles('admin')
  @ApiCreatedResponse({ type: SystemView })
  createSystem(@Body() body: CreateSystemDto, @CurrentPrincipal() principal: Principal): Promise<SystemView> {
    return this.organisations.createSystem(body, principal);
  }

  @Get('systems')
  @AnyRole()
  @ApiPageResponse(SystemView)
  listSystems(@Query() page: PageQuery, @CurrentPrincipal() principal: Principal): Promise<Page<SystemView>> {
    return this.organisations.listSystems(page, principal);
  }

  @Get('systems/:id')
  @AnyRole()
  @ApiOkResponse({ type: SystemView })
  getSystem(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<SystemView> {
    return this.organisations.getSystem(id, principal);
  }

  @Patch('systems/:id')
  @Roles('admin')
  @ApiOkResponse({ type: SystemView })
  updateSystem(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateSystemDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SystemView> {
    return this.organisations.updateSystem(id, body, principal);
  }

  @Post('trusts')
  @Roles('admin')
  @ApiCreatedResponse({ type: TrustView })
  createTrust(@Body() body: CreateTrustDto, @CurrentPrincipal() principal: Principal): Promise<TrustView> {
    return this.organisations.createTrust(body, principal);
  }

  @Get('trusts')
  @AnyRole()
  @ApiPageResponse(TrustView)
  listTrusts(@Query() query: ListTrustsQuery, @CurrentPrincipal() principal: Principal): Promise<Page<TrustView>> {
    return this.organisations.listTrusts(query, principal);
  }

  @Get('trusts/:trustId')
  @AnyRole()
  @ApiOkResponse({ type: TrustView })
  getTrust(
    @Param('trustId', uuidParam('trustId')) trustId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TrustView> {
    return this.organisations.getTrust(trustId, principal);
  }

  @Post('trusts/:trustId/wards')
  @Roles('admin', 'rota_manager')
  @ApiCreatedResponse({ type: WardView })
  createWard(
    @Param('trustId', uuidParam('trustId')) trustId: string,
    @Body() body: CreateWardDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WardView> {
    return this.organisations.createWard(trustId, body, principal);
  }

  @Get('trusts/:trustId/wards')
  @AnyRole()
  @ApiPageResponse(WardView)
  listWards(
    @Param('trustId', uuidParam('trustId')) trustId: string,
    @Query() page: PageQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<WardView>> {
    return this.organisations.listWards(trustId, page, principal);
  }
}
