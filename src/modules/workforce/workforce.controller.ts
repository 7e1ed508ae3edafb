import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { AnyRole, Roles } from '../../core/auth/roles.decorator.js';
import { ApiPageResponse } from '../../core/openapi/api-page-response.decorator.js';
import type { Page } from '../../core/pagination/page.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import { BankWorkerView, CreateBankWorkerDto, ListBankWorkersQuery, UpdateBankWorkerDto } from './workforce.dto.js';
import { WorkforceService } from './workforce.service.js';

@ApiTags('workforce')
@ApiBearerAuth()
@Controller('bank-workers')
export class WorkforceController {
  constructor(private readonly workforce: WorkforceService) {}

  @Post()
  @Roles('admin', 'rota_manager', 'integration')
  @ApiCreatedResponse({ type: BankWorkerView })
  create(@Body() body: CreateBankWorkerDto, @CurrentPrincipal() principal: Principal): Promise<BankWorkerView> {
    return this.workforce.create(body, principal);
  }

  @Get()
  @AnyRole()
  @ApiPageResponse(BankWorkerView)
  list(@Query() query: ListBankWorkersQuery, @CurrentPrincipal() principal: Principal): Promise<Page<BankWorkerView>> {
    return this.workforce.list(query, principal);
  }

  @Get(':id')
  @AnyRole()
  @ApiOkResponse({ type: BankWorkerView })
  get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<BankWorkerView> {
    return this.workforce.get(id, principal);
  }

  @Patch(':id')
  @Roles('admin', 'rota_manager')
  @ApiOkResponse({ type: BankWorkerView })
  update(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateBankWorkerDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BankWorkerView> {
    return this.workforce.update(id, body, principal);
  }
}
