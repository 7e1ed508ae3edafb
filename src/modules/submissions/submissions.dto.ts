import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { SIGNOFF_LEVELS } from '../../core/auth/api-key.entity.js';
import { PageQuery } from '../../core/pagination/page.js';
import { IsIsoDate } from '../../core/validation/is-iso-date.js';
import { CandidateDto, CAP_POSITIONS, SUBMISSION_STATUSES } from '../agencies/index.js';
import { IsBandRates } from '../bookings/index.js';
import { ShiftPlaceView } from '../shifts/index.js';
import { STAFF_GROUP_KEYS } from '../time-bands/index.js';

export class CreateSubmissionDto {
  @ApiProperty({ type: CandidateDto })
  @ValidateNested()
  @Type(() => CandidateDto)
  candidate!: CandidateDto;

  @ApiPropertyOptional({
    example: { day: 4200 },
    description: 'Hourly charge per band, pence, excluding VAT: at most the contract line’s (its rates by default)',
  })
  @IsOptional()
  @IsBandRates()
  ratesPence?: Record<string, number>;

  @ApiPropertyOptional({ example: { day: 2400 }, description: 'Of the charge: the worker’s pay per hour and band' })
  @IsOptional()
  @IsBandRates()
  workerPayPence?: Record<string, number>;

  @ApiPropertyOptional({ example: { day: 900 }, description: 'Of the charge: the agency’s fee per hour and band' })
  @IsOptional()
  @IsBandRates()
  agencyFeePence?: Record<string, number>;
}

export class SubmissionReasonDto {
  @ApiProperty({ example: 'A bank worker has come forward' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class AcceptSubmissionDto {
  @ApiPropertyOptional({ description: 'Why an agency is booked while a bank worker is eligible (needed then)' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  bypassReason?: string;
}

export class CandidateView {
  @ApiProperty({ format: 'uuid' }) agencyWorkerId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: String, nullable: true }) registration!: string | null;
}

export class SubmissionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) shiftId!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty({ format: 'uuid' }) agencyContractId!: string;
  @ApiProperty({ type: CandidateView }) candidate!: CandidateView;
  @ApiProperty({ enum: SUBMISSION_STATUSES }) status!: string;
  @ApiProperty({ example: { day: 4200 } }) ratesPence!: Record<string, number>;
  @ApiProperty({ type: Object, nullable: true }) workerPayRatesPence!: Record<string, number> | null;
  @ApiProperty({ type: Object, nullable: true }) agencyFeeRatesPence!: Record<string, number> | null;
  @ApiProperty({ description: 'The charge for the shift at these rates, excluding VAT' }) costPence!: number;
  @ApiProperty({ type: Number, nullable: true }) agencyFeePence!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The shift at the national cap' })
  capCostPence!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The shift at the system’s agency cap' })
  systemCapCostPence!: number | null;
  @ApiProperty({ enum: CAP_POSITIONS }) capPosition!: string;
  @ApiProperty({ enum: SIGNOFF_LEVELS, nullable: true, type: String, description: 'The sign-off its booking needs' })
  signoffLevel!: string | null;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) bookingId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was declined or withdrawn' })
  reason!: string | null;
  @ApiProperty() submittedAt!: Date;
  @ApiProperty({ type: Date, nullable: true }) decidedAt!: Date | null;
}

export class AgencyShiftsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date', description: 'Shifts starting (local date) on or after; default today' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Shifts starting (local date) before' })
  @IsOptional()
  @IsIsoDate()
  to?: string;

  @ApiPropertyOptional({ enum: STAFF_GROUP_KEYS })
  @IsOptional()
  @IsIn(STAFF_GROUP_KEYS)
  staffGroup?: string;
}

export class AgencyShiftView extends ShiftPlaceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: { day: 690 } }) bandMinutes!: Record<string, number>;
  @ApiProperty({ format: 'uuid' }) agencyContractId!: string;
  @ApiProperty({ example: { day: 4200 }, description: 'The contract line’s hourly charge per band' })
  ratesPence!: Record<string, number>;
  @ApiProperty({ description: 'The shift at the contract’s rates, excluding VAT' }) costPence!: number;
  @ApiProperty({ enum: CAP_POSITIONS }) capPosition!: string;
  @ApiProperty({ enum: SIGNOFF_LEVELS, nullable: true, type: String }) signoffLevel!: string | null;
  @ApiProperty({ description: 'When it was released to this agency' }) releasedAt!: Date;
}

export class AgencySubmissionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SUBMISSION_STATUSES })
  @IsOptional()
  @IsIn(SUBMISSION_STATUSES)
  status?: string;
}

export class AgencyBookingsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsIsoDate()
  to?: string;
}

export class AgencyTimesheetView {
  @ApiProperty() startedAt!: Date;
  @ApiProperty() endedAt!: Date;
  @ApiProperty() paidMinutes!: number;
  @ApiProperty({ description: 'What the trust recorded as charged, excluding VAT' }) amountPence!: number;
}

export class AgencyBookingView {
  @ApiProperty({ format: 'uuid', description: 'What an invoice line names' }) id!: string;
  @ApiProperty({ format: 'uuid' }) shiftId!: string;
  @ApiProperty({ format: 'uuid' }) trustId!: string;
  @ApiProperty() trustName!: string;
  @ApiProperty() wardName!: string;
  @ApiProperty() staffGroup!: string;
  @ApiProperty() grade!: string;
  @ApiProperty() startsAt!: Date;
  @ApiProperty() endsAt!: Date;
  @ApiProperty({ enum: ['pending_approval', 'confirmed', 'rejected', 'cancelled'] }) status!: string;
  @ApiProperty() costPence!: number;
  @ApiProperty({ example: { day: 4200 } }) ratesPence!: Record<string, number>;
  @ApiProperty({ enum: SIGNOFF_LEVELS, nullable: true, type: String }) requiredSignoff!: string | null;
  @ApiProperty({ type: CandidateView, nullable: true }) agencyWorker!: CandidateView | null;
  @ApiProperty({ type: AgencyTimesheetView, nullable: true }) timesheet!: AgencyTimesheetView | null;
  @ApiProperty({ enum: ['awaited', 'submitted'] }) timesheetStatus!: string;
  @ApiProperty({
    enum: ['not_invoiced', 'matched', 'over_timesheet', 'over_contract', 'over_cap_unapproved', 'no_timesheet'],
    description: 'The status of the invoice line that counts for this booking, if any',
  })
  invoiceStatus!: string;
  @ApiProperty({ type: String, nullable: true }) invoiceNumber!: string | null;
}
