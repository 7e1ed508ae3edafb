import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { STAFF_ROLES } from '../../core/auth/api-key.entity.js';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { Roles } from '../../core/auth/roles.decorator.js';
import { ApiPageResponse } from '../../core/openapi/api-page-response.decorator.js';
import type { Page } from '../../core/pagination/page.js';
import { uuidParam } from '../../core/validation/uuid-param.pipe.js';
import { BookingView } from '../bookings/index.js';
import { AgencyViewsService } from './agency-views.service.js';
import {
  AcceptSubmissionDto,
  AgencyBookingsQuery,
  AgencyBookingView,
  AgencyShiftsQuery,
  AgencySubmissionsQuery,
  AgencyShiftView,
  CreateSubmissionDto,
  SubmissionReasonDto,
  SubmissionView,
} from './submissions.dto.js';
import { SubmissionsService } from './submissions.service.js';

/** The agency side (api.md "Agencies and invoices"; docs/rules.md section 14). */
@ApiTags('agencies')
@ApiBearerAuth()
@Controller()
export class SubmissionsController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly views: AgencyViewsService,
  ) {}

  @Get('agency/shifts')
  @Roles('admin', 'agency')
  @ApiOperation({
    summary: 'Open shifts released to my agency (its contracts’ tiers), soonest first, with my contract’s cost',
  })
  @ApiPageResponse(AgencyShiftView)
  shifts(@Query() query: AgencyShiftsQuery, @CurrentPrincipal() principal: Principal): Promise<Page<AgencyShiftView>> {
    return this.views.shifts(query, principal);
  }

  @Get('agency/bookings')
  @Roles('admin', 'agency')
  @ApiOperation({ summary: 'My agency’s bookings, with their timesheet (what invoices refer to)' })
  @ApiPageResponse(AgencyBookingView)
  bookings(
    @Query() query: AgencyBookingsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<AgencyBookingView>> {
    return this.views.bookings(query, principal);
  }

  @Get('agency/submissions')
  @Roles('admin', 'agency')
  @ApiOperation({ summary: 'My agency’s submissions, newest first' })
  @ApiPageResponse(SubmissionView)
  mySubmissions(
    @Query() query: AgencySubmissionsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<SubmissionView>> {
    return this.submissions.listForAgency(query, principal);
  }

  @Get('agency/shifts/:id')
  @Roles('admin', 'agency')
  @ApiOperation({ summary: 'One shift released to my agency, with my contract’s rates and cost' })
  @ApiOkResponse({ type: AgencyShiftView })
  shift(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<AgencyShiftView> {
    return this.views.shift(id, principal);
  }

  @Post('shifts/:id/submissions')
  @Roles('admin', 'agency')
  @ApiOperation({
    summary:
      'Put a candidate forward: priced and checked at once. 422 above the contract line, off-framework where refused, or a missing rate; 409 when the candidate is booked elsewhere then',
  })
  @ApiCreatedResponse({ type: SubmissionView })
  submit(
    @Param('id', uuidParam('id')) shiftId: string,
    @Body() body: CreateSubmissionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SubmissionView> {
    return this.submissions.submit(shiftId, body, principal);
  }

  @Get('shifts/:id/submissions')
  @Roles(...STAFF_ROLES, 'agency')
  @ApiOperation({ summary: 'The shift’s submissions: all of them for staff, its own for an agency' })
  @ApiOkResponse({ type: [SubmissionView] })
  list(
    @Param('id', uuidParam('id')) shiftId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SubmissionView[]> {
    return this.submissions.listForShift(shiftId, principal);
  }

  @Get('submissions/:id')
  @Roles(...STAFF_ROLES, 'agency')
  @ApiOkResponse({ type: SubmissionView })
  get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal): Promise<SubmissionView> {
    return this.submissions.get(id, principal);
  }

  @Post('submissions/:id/accept')
  @Roles('admin', 'rota_manager')
  @ApiOperation({
    summary:
      'Book the submission under the booking rules (a bypassReason while a bank worker is eligible; sign-off above the caps)',
  })
  @ApiCreatedResponse({ type: BookingView })
  accept(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: AcceptSubmissionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BookingView> {
    return this.submissions.accept(id, body, principal);
  }

  @Post('submissions/:id/decline')
  @HttpCode(200)
  @Roles('admin', 'rota_manager')
  @ApiOkResponse({ type: SubmissionView })
  decline(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: SubmissionReasonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SubmissionView> {
    return this.submissions.decline(id, body, principal);
  }

  @Post('submissions/:id/withdraw')
  @HttpCode(200)
  @Roles('admin', 'agency')
  @ApiOkResponse({ type: SubmissionView })
  withdraw(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: SubmissionReasonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SubmissionView> {
    return this.submissions.withdraw(id, body, principal);
  }
}
