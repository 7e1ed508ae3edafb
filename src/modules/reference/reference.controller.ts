import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { AnyRole, Roles } from '../../core/auth/roles.decorator.js';
import { IsoDatePipe } from './iso-date.pipe.js';
import { BankHolidayView, BankHolidayYearQuery, PutBankHolidayDto, StaffGroupsView } from './reference.dto.js';
import { ReferenceService } from './reference.service.js';

@ApiTags('reference')
@ApiBearerAuth()
@Controller('reference')
export class ReferenceController {
  constructor(private readonly reference: ReferenceService) {}

  @Get('staff-groups')
  @AnyRole()
  @ApiOkResponse({ type: StaffGroupsView })
  staffGroups(): StaffGroupsView {
    return { items: this.reference.staffGroups(), nextCursor: null };
  }

  @Get('bank-holidays')
  @AnyRole()
  @ApiOkResponse({
    type: [BankHolidayView],
    description: 'The holidays of the year (every year when omitted), by date',
  })
  bankHolidays(@Query() query: BankHolidayYearQuery): Promise<BankHolidayView[]> {
    return this.reference.bankHolidays(query.year);
  }

  @Put('bank-holidays/:date')
  @Roles('admin')
  @ApiOkResponse({ type: BankHolidayView })
  putBankHoliday(
    @Param('date', IsoDatePipe) date: string,
    @Body() body: PutBankHolidayDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BankHolidayView> {
    return this.reference.putBankHoliday(date, body.name, principal);
  }

  @Delete('bank-holidays/:date')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse()
  deleteBankHoliday(@Param('date', IsoDatePipe) date: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.reference.deleteBankHoliday(date, principal);
  }
}
