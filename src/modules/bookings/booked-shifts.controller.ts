import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { AnyRole, Roles } from '../../core/auth/roles.decorator.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import { CancelShiftDto, ShiftView } from '../shifts/index.js';
import { BookedShiftsService } from './booked-shifts.service.js';
import { ShiftDetailView } from './bookings.dto.js';

/** The shift routes that answer with, or change, what was booked on it (see BookedShiftsService). */
@ApiTags('shifts')
@ApiBearerAuth()
@Controller('shifts')
export class BookedShiftsController {
  constructor(private readonly bookedShifts: BookedShiftsService) {}

  @Get(':id')
  @AnyRole()
  @ApiOkResponse({ type: ShiftDetailView, description: 'With its active booking and timesheet' })
  get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<ShiftDetailView> {
    return this.bookedShifts.get(id, principal);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('admin', 'rota_manager')
  @ApiOkResponse({
    type: ShiftView,
    description: '409 unless the shift is open or booked; a booking is cancelled with it',
  })
  cancel(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: CancelShiftDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ShiftView> {
    return this.bookedShifts.cancel(id, body, principal);
  }
}
