import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { AgencySubmissionsReport } from './agency-submissions.report.js';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { Roles } from '../../core/auth/roles.decorator.js';
import {
  AgencySpendQuery,
  AgencySpendReport,
  BankFirstReport,
  CapComplianceReport,
  InvoiceDisputesReport,
  RateVariationReport,
  ReportQuery,
  SavingsReport,
  WeeklyReturnQuery,
} from './reports.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
@Roles('admin', 'workforce_lead')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('agency-spend')
  @ApiOkResponse({ type: AgencySpendReport, description: 'Bank and agency shifts, paid minutes and money, grouped' })
  agencySpend(@Query() query: AgencySpendQuery, @CurrentPrincipal() principal: Principal): Promise<AgencySpendReport> {
    return this.reports.agencySpend(query, principal);
  }

  @Get('cap-compliance')
  @ApiOkResponse({ type: CapComplianceReport, description: 'Per trust and staff group, from the standing breaches' })
  capCompliance(@Query() query: ReportQuery, @CurrentPrincipal() principal: Principal): Promise<CapComplianceReport> {
    return this.reports.capCompliance(query, principal);
  }

  @Get('rate-variation')
  @ApiOkResponse({
    type: RateVariationReport,
    description: 'Per trust and staff group, and over all: spread of charge ÷ agreed cost',
  })
  rateVariation(@Query() query: ReportQuery, @CurrentPrincipal() principal: Principal): Promise<RateVariationReport> {
    return this.reports.rateVariation(query, principal);
  }

  @Get('harmonisation-savings')
  @ApiOkResponse({
    type: SavingsReport,
    description: 'Per trust: what paying the card and bank first would have saved',
  })
  savings(@Query() query: ReportQuery, @CurrentPrincipal() principal: Principal): Promise<SavingsReport> {
    return this.reports.savings(query, principal);
  }

  @Get('bank-first')
  // The window is of the dates suggestions were raised on, not of shift dates.
  @ApiQuery({
    name: 'from',
    type: String,
    format: 'date',
    description: 'First London date on which a counted suggestion was raised',
  })
  @ApiQuery({ name: 'to', type: String, format: 'date', description: 'First London date of raising not included' })
  @ApiOkResponse({
    type: BankFirstReport,
    description:
      'Per trust and ISO week of raising (London dates in [from, to)): fill suggestions raised, acted on, expired and still open, and the saving realised',
  })
  bankFirst(@Query() query: ReportQuery, @CurrentPrincipal() principal: Principal): Promise<BankFirstReport> {
    return this.reports.bankFirst(query, principal);
  }

  @Get('agency-submissions')
  @ApiOkResponse({
    type: AgencySubmissionsReport,
    description:
      'Per agency, for shifts whose local start date is in [from, to): candidates put forward and how they ended, those above the national and system caps with the amount over, and the fee share of its bookings whose charge was split',
  })
  agencySubmissions(
    @Query() query: ReportQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgencySubmissionsReport> {
    return this.reports.agencySubmissions(query, principal);
  }

  @Get('invoice-disputes')
  // The window is of the dates invoices were issued on, not of shift dates.
  @ApiQuery({ name: 'from', type: String, format: 'date', description: 'First issue date (issuedOn) counted' })
  @ApiQuery({ name: 'to', type: String, format: 'date', description: 'First issue date not included' })
  @ApiOkResponse({
    type: InvoiceDisputesReport,
    description:
      'Per agency and month of issue (issuedOn in [from, to)): invoiced, validated and disputed pence, lines and lines not matched',
  })
  invoiceDisputes(
    @Query() query: ReportQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InvoiceDisputesReport> {
    return this.reports.invoiceDisputes(query, principal);
  }

  @Get('weekly-return')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'CSV: week, trust_ods_code, trust_name, shift_date, staff_group, grade, agency, framework, paid_hours, charge_pence, cap_cost_pence, signoff_needed, approved_at_level; a blank line; then totals_by_staff_group, shifts, charge_pence',
  })
  async weeklyReturn(
    @Query() query: WeeklyReturnQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const { filename, body } = await this.reports.weeklyReturn(query, principal);
    response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    return body;
  }
}
