import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { AnyRole, Roles } from '../../core/auth/roles.decorator.js';
import { ApiPageResponse } from '../../core/openapi/api-page-response.decorator.js';
import type { Page } from '../../core/pagination/page.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import {
  CreatedShiftView,
  CreateShiftDto,
  ListShiftsQuery,
  ReleaseShiftDto,
  ShiftView,
  UpdateShiftDto,
} from './shifts.dto.js';
import { ShiftsService } from './shifts.service.js';

@ApiTags('shifts')
@ApiBearerAuth()
@Controller('shifts')
export class ShiftsController {
  constructor(private readonly shifts: ShiftsService) {}

  @Post()
  @Roles('admin', 'rota_manager', 'integration')
  @ApiCreatedResponse({
    type: CreatedShiftView,
    description: 'The shift, open, with its band minutes (and with repeatWeeks, every week’s shift)',
  })
  create(@Body() body: CreateShiftDto, @CurrentPrincipal() principal: Principal): Promise<CreatedShiftView> {
    return this.shifts.create(body, principal);
  }

  @Get()
  @AnyRole()
  @ApiPageResponse(ShiftView)
  list(@Query() query: ListShiftsQuery, @CurrentPrincipal() principal: Principal): Promise<Page<ShiftView>> {
    return this.shifts.list(query, principal);
  }

  @Patch(':id')
  @Roles('admin', 'rota_manager')
  @ApiOkResponse({ type: ShiftView, description: '409 unless the shift is open' })
  update(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateShiftDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ShiftView> {
    return this.shifts.update(id, body, principal);
  }

  @Post(':id/release')
  @HttpCode(200)
  @Roles('admin', 'rota_manager')
  @ApiOkResponse({
    type: ShiftView,
    description:
      'The stage, and those before it, released now (audited; a shift.released event). 409 unless the shift is open, or when the stage is already released',
  })
  release(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ReleaseShiftDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ShiftView> {
    return this.shifts.release(id, body, principal);
  }
}
