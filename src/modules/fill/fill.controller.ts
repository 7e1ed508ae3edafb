import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { AnyRole } from '../../core/auth/roles.decorator.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import { FillOptionsView } from './fill.dto.js';
import { FillService } from './fill.service.js';

@ApiTags('shifts')
@ApiBearerAuth()
@Controller('shifts')
export class FillController {
  constructor(private readonly fill: FillService) {}

  @Get(':id/fill-options')
  @AnyRole()
  @ApiOkResponse({
    type: FillOptionsView,
    description: 'The fill ladder: own bank, collaborative bank, then agencies by cost band',
  })
  options(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FillOptionsView> {
    return this.fill.options(id, principal);
  }
}
