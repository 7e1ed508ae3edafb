import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { IsIsoDate } from '../../core/validation/is-iso-date.js';

export class ReportQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  systemId!: string;

  @ApiProperty({ format: 'date', description: 'First shift local start date' })
  @IsIsoDate()
  from!: string;

  @ApiProperty({ format: 'date', description: 'First shift local start date not included' })
  @IsIsoDate()
  to!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One trust of the system' })
  @IsOptional()
  @IsUUID()
  trustId?: string;
}

export const SPEND_GROUPS = ['trust', 'staff_group', 'agency', 'month'] as const;
export type SpendGroup = (typeof SPEND_GROUPS)[number];

export class AgencySpendQuery extends ReportQuery {
  @ApiPropertyOptional({ enum: SPEND_GROUPS, default: 'trust' })
  @IsOptional()
  @IsIn(SPEND_GROUPS)
  groupBy?: SpendGroup;
}

export class WeeklyReturnQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  systemId!: string;

  @ApiProperty({ example: '2025-W14', description: 'ISO week, of shift local start dates (Europe/London)' })
  @Matches(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, { message: 'week must be an ISO week, YYYY-Www' })
  week!: string;
}

export class SpendRow {
  @ApiProperty({ nullable: true, type: String, description: 'Trust or agency id, staff group, or month YYYY-MM' })
  key!: string | null;
  @ApiProperty() label!: string;
  @ApiProperty() agencyShifts!: number;
  @ApiProperty() agencyPaidMinutes!: number;
  @ApiProperty({
    description: 'Charges excluding VAT: invoice line amounts, else timesheet amounts, else booked costs',
  })
  agencyChargePence!: number;
  @ApiProperty() bankShifts!: number;
  @ApiProperty() bankPaidMinutes!: number;
  @ApiProperty() bankPaidPence!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Agency shifts ÷ all shifts' }) agencyShiftShare!:
    number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Agency paid minutes ÷ all paid minutes' })
  agencyHoursShare!: number | null;
}

export class AgencySpendReport {
  @ApiProperty({ enum: SPEND_GROUPS }) groupBy!: string;
  @ApiProperty({ type: [SpendRow] }) items!: SpendRow[];
  @ApiProperty({
    type: SpendRow,
    description:
      'All rows: shifts, minutes and pence summed (key null, label "Total"); the shares recomputed from those sums',
  })
  totals!: SpendRow;
}

export class OverCapLevel {
  @ApiProperty() shifts!: number;
  @ApiProperty() amountPence!: number;
}

export class CapComplianceTotals {
  @ApiProperty() agencyShifts!: number;
  @ApiProperty({ description: 'Agency shifts charged at or below the national cap' }) withinNationalCap!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'withinNationalCap ÷ agencyShifts, 4 decimals' })
  shareWithinNationalCap!: number | null;
  @ApiProperty({
    description: 'Over the national cap, by the sign-off level the charge needs',
    example: { senior_manager: { shifts: 2, amountPence: 3400 }, executive: { shifts: 1, amountPence: 17600 } },
  })
  overCap!: Record<string, OverCapLevel>;
  @ApiProperty() offFrameworkShifts!: number;
}

export class CapComplianceRow extends CapComplianceTotals {
  @ApiProperty({ format: 'uuid' }) trustId!: string;
  @ApiProperty() trustName!: string;
  @ApiProperty() staffGroup!: string;
}

export class CapComplianceReport {
  @ApiProperty({ type: [CapComplianceRow], description: 'Per trust and staff group' }) items!: CapComplianceRow[];
  @ApiProperty({
    type: CapComplianceTotals,
    description:
      'All rows: the shift counts and over-cap amounts summed per level; shareWithinNationalCap recomputed from those sums',
  })
  totals!: CapComplianceTotals;
}

export class RatioSpread {
  @ApiProperty({ description: 'Shifts with a cost to compare against' }) shifts!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Median of charge ÷ cost, 4 decimals' }) median!:
    number | null;
  @ApiProperty({ nullable: true, type: Number, description: '90th percentile of charge ÷ cost' }) p90!: number | null;
}

export class RateVariationTotals {
  @ApiProperty({ type: RatioSpread, description: 'Charge ÷ card cost (the bank rate)' }) bank!: RatioSpread;
  @ApiProperty({ type: RatioSpread, description: 'Charge ÷ system cap cost' }) agency!: RatioSpread;
}

export class RateVariationRow extends RateVariationTotals {
  @ApiProperty({ format: 'uuid' }) trustId!: string;
  @ApiProperty() trustName!: string;
  @ApiProperty() staffGroup!: string;
}

export class RateVariationReport {
  @ApiProperty({ type: [RateVariationRow], description: 'Per trust and staff group' }) items!: RateVariationRow[];
  @ApiProperty({
    type: RateVariationTotals,
    description:
      'All rows: shifts summed; median and 90th percentile computed over every shift of the scope (not averaged over the rows)',
  })
  totals!: RateVariationTotals;
}

export class SavingsTotals {
  @ApiProperty({ description: 'Bank pay above the card' }) overCardPence!: number;
  @ApiProperty({ description: 'Agency charges above the system cap' }) overSystemCapPence!: number;
  @ApiProperty({ description: 'What the best bank worker would have saved where an agency was booked instead' })
  bankFirstPence!: number;
  @ApiProperty({ description: 'overCardPence + overSystemCapPence' }) harmonisationPence!: number;
}

export class SavingsRow extends SavingsTotals {
  @ApiProperty({ format: 'uuid' }) trustId!: string;
  @ApiProperty() trustName!: string;
}

export class SavingsReport {
  @ApiProperty({ type: [SavingsRow], description: 'Per trust' }) items!: SavingsRow[];
  @ApiProperty({ type: SavingsTotals, description: 'All rows: each amount summed' }) totals!: SavingsTotals;
}

export class BankFirstTotals {
  @ApiProperty({ description: 'Fill suggestions raised' }) raised!: number;
  @ApiProperty({ description: 'Of those raised, how many were acted on (the shift booked from the bank)' })
  acted!: number;
  @ApiProperty({ description: 'Of those raised, how many expired (agency booked, started, cancelled, no bank)' })
  expired!: number;
  @ApiProperty({ description: 'Of those raised, how many are still open: raised = acted + expired + open' })
  open!: number;
  @ApiProperty({
    description: 'Sum of the acted suggestions’ saving realised (agency cost − the bank booking’s charge)',
  })
  savingRealisedPence!: number;
}

export class BankFirstRow extends BankFirstTotals {
  @ApiProperty({ format: 'uuid' }) trustId!: string;
  @ApiProperty() trustName!: string;
  @ApiProperty({ example: '2025-W14', description: 'ISO week of the London date on which the suggestions were raised' })
  week!: string;
  @ApiProperty({ format: 'date', description: 'That week’s Monday' }) weekStart!: string;
}

export class BankFirstReport {
  @ApiProperty({
    type: [BankFirstRow],
    description:
      'Per trust and ISO week of raising (London), by trust name then week; only weeks with a suggestion. Each suggestion counts in the week it was raised, with its status now',
  })
  items!: BankFirstRow[];
  @ApiProperty({ type: BankFirstTotals, description: 'All rows: each count and amount summed' })
  totals!: BankFirstTotals;
}

export class InvoiceDisputesTotals {
  @ApiProperty() invoices!: number;
  @ApiProperty({ description: 'Σ invoice line amounts, pence excluding VAT' }) invoicedPence!: number;
  @ApiProperty({ description: 'Σ validated amounts (docs/rules.md section 14)' }) validatedPence!: number;
  @ApiProperty({ description: 'invoicedPence − validatedPence' }) disputedPence!: number;
  @ApiProperty() lines!: number;
  @ApiProperty({ description: 'Lines not matched' }) disputedLines!: number;
}

export class InvoiceDisputesRow extends InvoiceDisputesTotals {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty({ example: '2025-06', description: 'Month of issuedOn' }) month!: string;
}

export class InvoiceDisputesReport {
  @ApiProperty({ type: [InvoiceDisputesRow] }) items!: InvoiceDisputesRow[];
  @ApiProperty({ type: InvoiceDisputesTotals }) totals!: InvoiceDisputesTotals;
}
