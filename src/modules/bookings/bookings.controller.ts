import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiPageResponse } from '../../core/openapi/api-page-response.decorator.js';
import type { Page } from '../../core/pagination/page.js';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { AnyRole, Roles } from '../../core/auth/roles.decorator.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import {
  BookingDecisionDto,
  BookingView,
  CreateBookingDto,
  ListBookingsQuery,
  PutTimesheetDto,
  SwapToBankDto,
  TimesheetView,
} from './bookings.dto.js';
import { TimesheetsService } from './timesheets.service.js';
import { BookingsService } from './bookings.service.js';

@ApiTags('bookings')
@ApiBearerAuth()
@Controller()
export class BookingsController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly timesheets: TimesheetsService,
  ) {}

  @Post('shifts/:id/bookings')
  @Roles('admin', 'rota_manager')
  @ApiCreatedResponse({
    type: BookingView,
    description:
      '409: the shift has an active booking or the worker is booked elsewhere then; 422: the rules refuse it',
  })
  create(
    @Param('id', uuidParam('id')) shiftId: string,
    @Body() body: CreateBookingDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BookingView> {
    return this.bookings.create(shiftId, body, principal);
  }

  @Put('shifts/:id/timesheet')
  @Roles('admin', 'rota_manager', 'integration')
  @ApiOkResponse({ type: TimesheetView, description: 'The shift becomes worked; 409 without a confirmed booking' })
  putTimesheet(
    @Param('id', uuidParam('id')) shiftId: string,
    @Body() body: PutTimesheetDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TimesheetView> {
    return this.timesheets.put(shiftId, body, principal);
  }

  @Get('bookings')
  @Roles('admin', 'workforce_lead', 'rota_manager', 'approver')
  @ApiPageResponse(BookingView)
  list(@Query() query: ListBookingsQuery, @CurrentPrincipal() principal: Principal): Promise<Page<BookingView>> {
    return this.bookings.list(query, principal);
  }

  @Get('bookings/:id')
  @AnyRole()
  @ApiOkResponse({ type: BookingView })
  get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<BookingView> {
    return this.bookings.get(id, principal);
  }

  @Post('bookings/:id/approve')
  @HttpCode(200)
  @Roles('admin', 'approver')
  @ApiOkResponse({ type: BookingView, description: '403 when the approver’s level is below the sign-off needed' })
  approve(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: BookingDecisionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BookingView> {
    return this.bookings.approve(id, body, principal);
  }

  @Post('bookings/:id/reject')
  @HttpCode(200)
  @Roles('admin', 'approver')
  @ApiOkResponse({ type: BookingView, description: 'The shift is open again' })
  reject(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: BookingDecisionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BookingView> {
    return this.bookings.reject(id, body, principal);
  }

  @Post('bookings/:id/cancel')
  @HttpCode(200)
  @Roles('admin', 'rota_manager')
  @ApiOkResponse({ type: BookingView, description: 'The shift is open again' })
  cancel(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: BookingDecisionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BookingView> {
    return this.bookings.cancel(id, body, principal);
  }

  @Post('bookings/:id/swap-to-bank')
  @Roles('admin', 'rota_manager')
  @ApiCreatedResponse({
    type: BookingView,
    description:
      'The bank booking; the agency booking is cancelled in the same transaction (its booking.cancelled event tells the agency). ' +
      '409: not an active agency booking, or the worker is booked elsewhere then; 422: the bank worker is not eligible, or the shift starts within the agency notice (WITHIN_AGENCY_NOTICE)',
  })
  swapToBank(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: SwapToBankDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BookingView> {
    return this.bookings.swapToBank(id, body, principal);
  }
}
