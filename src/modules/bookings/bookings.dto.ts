import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SIGNOFF_LEVELS } from '../../core/auth/api-key.entity.js';
import { Transform, Type } from 'class-transformer';
import { CandidateDto } from '../agencies/index.js';
import { IsIsoDate } from '../../core/validation/is-iso-date.js';
import { PageQuery } from '../../core/pagination/page.js';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ALL_BANDS } from '../time-bands/index.js';
import { ShiftView } from '../shifts/index.js';
import { BOOKING_STATUSES } from './booking.entity.js';

/** `{ "day": 3000, "night": 3900 }`: bands of the band schemes, whole pence per hour from 1 to 100000. */
export function IsBandRates() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isBandRates',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must map bands (${ALL_BANDS.join(', ')}) to whole pence per hour, 1 to 100000`,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length > 0 &&
          Object.entries(value).every(
            ([band, rate]) =>
              (ALL_BANDS as readonly string[]).includes(band) &&
              Number.isInteger(rate) &&
              (rate as number) >= 1 &&
              (rate as number) <= 100_000,
          ),
      },
    });
}

export class CreateBookingDto {
  @ApiProperty({ enum: ['bank', 'agency'] })
  @IsIn(['bank', 'agency'])
  type!: 'bank' | 'agency';

  @ApiPropertyOptional({ format: 'uuid', description: 'Bank bookings' })
  @ValidateIf((booking: CreateBookingDto) => booking.type === 'bank' || booking.bankWorkerId !== undefined)
  @IsUUID()
  bankWorkerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Agency bookings' })
  @ValidateIf((booking: CreateBookingDto) => booking.type === 'agency' || booking.agencyContractId !== undefined)
  @IsUUID()
  agencyContractId?: string;

  @ApiPropertyOptional({ description: 'Why an agency is booked while a bank worker was eligible' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  bypassReason?: string;

  @ApiPropertyOptional({ description: 'Exemption allowing agency use for an admin or estates shift' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  exemptionRef?: string;

  @ApiPropertyOptional({
    example: { day: 3000 },
    description: 'Hourly rates per band, pence, instead of the card’s or contract’s',
  })
  @IsOptional()
  @IsBandRates()
  ratesPence?: Record<string, number>;

  @ApiPropertyOptional({
    type: CandidateDto,
    description: 'Agency bookings: the agency worker booked, when known (else the agency names them later)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CandidateDto)
  agencyWorker?: CandidateDto;
}

export class ListBookingsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  trustId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  shiftId?: string;

  @ApiPropertyOptional({ enum: BOOKING_STATUSES })
  @IsOptional()
  @IsIn(BOOKING_STATUSES)
  status?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Shifts starting (local date) on or after' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({
    description: 'true: only bookings waiting for a sign-off your approval level covers (status is then ignored)',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  awaitingMyApproval?: boolean;
}

export class BookingDecisionDto {
  @ApiPropertyOptional({ example: 'No bank cover after three escalations' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

export class SwapToBankDto {
  @ApiProperty({ format: 'uuid', description: 'The bank worker who takes the shift instead (eligible on its ladder)' })
  @IsUUID()
  bankWorkerId!: string;

  @ApiProperty({ example: 'Bank worker free: agency booking cancelled within notice' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class BookingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) shiftId!: string;
  @ApiProperty({ format: 'uuid' }) wardId!: string;
  @ApiProperty({ description: 'The booked (or, once a timesheet is in, the worked) times' }) startsAt!: Date;
  @ApiProperty() endsAt!: Date;
  @ApiProperty({ enum: ['bank', 'agency'] }) type!: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) bankWorkerId!: string | null;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) agencyContractId!: string | null;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, description: 'The agency worker booked, if named' })
  agencyWorkerId!: string | null;
  @ApiProperty({ enum: BOOKING_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true, enum: SIGNOFF_LEVELS })
  requiredSignoff!: string | null;
  @ApiProperty() costPence!: number;
  @ApiProperty({ example: { day: 1800 } }) ratesPence!: Record<string, number>;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'Agency: the worker’s pay per hour and band, where stated',
  })
  workerPayRatesPence!: Record<string, number> | null;
  @ApiProperty({
    type: Object,
    nullable: true,
    description: 'Agency: the agency’s fee per hour and band, where stated',
  })
  agencyFeeRatesPence!: Record<string, number> | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Agency: the fee over the booked times, where stated' })
  agencyFeePence!: number | null;
  @ApiProperty({ type: String, nullable: true }) bypassReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) exemptionRef!: string | null;
  @ApiProperty({ description: 'The fill ladder when the booking was made' }) ladder!: Record<string, unknown>;
  @ApiProperty() eligibleBankCount!: number;
  @ApiProperty({ type: Number, nullable: true }) bestBankCostPence!: number | null;
  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    description: 'The key or the person (user id) that approved or rejected it',
  })
  decidedBy!: string | null;
  @ApiProperty({ type: Date, nullable: true }) decidedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) decisionReason!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class PutTimesheetDto {
  @ApiProperty({ example: '2025-04-04T19:05:00+01:00', description: 'ISO 8601 with an offset, on a whole minute' })
  @IsString()
  startedAt!: string;

  @ApiProperty({ example: '2025-04-05T07:40:00+01:00' })
  @IsString()
  endedAt!: string;

  @ApiProperty({ example: 30 })
  @IsInt()
  @Min(0)
  @Max(1439)
  breakMinutes!: number;

  @ApiProperty({ example: 45936, description: 'Paid (bank) or charged excluding VAT (agency), pence' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  amountPence!: number;
}

export class TimesheetView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) shiftId!: string;
  @ApiProperty({ format: 'uuid' }) bookingId!: string;
  @ApiProperty() startedAt!: Date;
  @ApiProperty() endedAt!: Date;
  @ApiProperty() breakMinutes!: number;
  @ApiProperty({ format: 'date' }) localStartDate!: string;
  @ApiProperty() elapsedMinutes!: number;
  @ApiProperty() paidMinutes!: number;
  @ApiProperty({ example: { day: 60, night: 240, saturday: 450 } }) bandMinutes!: Record<string, number>;
  @ApiProperty() amountPence!: number;
  @ApiProperty({ type: Number, description: 'amountPence × 60 ÷ paid minutes, half up' })
  effectiveHourlyRatePence!: number;
  @ApiProperty() updatedAt!: Date;
}

export class ShiftDetailView extends ShiftView {
  @ApiProperty({ type: BookingView, nullable: true, description: 'The active booking, if any' })
  booking!: BookingView | null;
  @ApiProperty({ type: TimesheetView, nullable: true }) timesheet!: TimesheetView | null;
}
