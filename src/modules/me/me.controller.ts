import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { Roles } from '../../core/auth/roles.decorator.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import {
  AvailableShiftsQuery,
  AvailableShiftView,
  CancelMyBookingDto,
  MeView,
  MyBookingsQuery,
  MyBookingView,
  MyTimesheetView,
} from './me.dto.js';
import { MeService } from './me.service.js';

/**
 * A bank worker's own shifts, for the worker's pages and a worker app (api.md "Bank workers"). An
 * admin may call every route, but has no bank worker: /me answers an admin 403.
 */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
@Roles('admin', 'bank_worker')
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get()
  @ApiOkResponse({ type: MeView })
  whoAmI(@CurrentPrincipal() principal: Principal): Promise<MeView> {
    return this.me.me(principal);
  }

  @Get('shifts/available')
  @ApiOperation({
    summary: 'Open shifts released to me for which I am eligible now, soonest first, with my pay',
  })
  @ApiOkResponse({ type: [AvailableShiftView] })
  available(
    @Query() query: AvailableShiftsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AvailableShiftView[]> {
    return this.me.available(query, principal);
  }

  @Post('shifts/:id/take')
  @ApiOperation({
    summary:
      'Take a shift: a bank booking of me, first come first served. 409 when it has gone, 422 when a rule refuses me',
  })
  @ApiCreatedResponse({ type: MyBookingView })
  take(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<MyBookingView> {
    return this.me.take(id, principal);
  }

  @Get('bookings')
  @ApiOkResponse({ type: [MyBookingView], description: 'upcoming: active, soonest first; past: ended, newest first' })
  bookings(@Query() query: MyBookingsQuery, @CurrentPrincipal() principal: Principal): Promise<MyBookingView[]> {
    return this.me.bookingsOf(principal, query.when);
  }

  @Post('bookings/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel my booking; 422 WITHIN_CANCEL_NOTICE once the shift is within the notice' })
  @ApiOkResponse({ type: MyBookingView })
  cancel(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: CancelMyBookingDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MyBookingView> {
    return this.me.cancel(id, body.reason, principal);
  }

  @Get('timesheets')
  @ApiOkResponse({ type: [MyTimesheetView], description: 'My timesheets, newest first (the last 100)' })
  timesheets(@CurrentPrincipal() principal: Principal): Promise<MyTimesheetView[]> {
    return this.me.timesheets(principal);
  }
}
