import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsIsoDate } from '../../core/validation/is-iso-date.js';
import { ShiftPlaceView } from '../shifts/index.js';

/** The bank worker signed in (or whose app's key calls). */
export class MeView {
  @ApiProperty({ format: 'uuid' }) bankWorkerId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'uuid' }) homeTrustId!: string;
  @ApiProperty() homeTrustName!: string;
  @ApiProperty({ example: 'nursing' }) staffGroup!: string;
  @ApiProperty({ example: 'band5' }) grade!: string;
  @ApiProperty({ description: 'Other trusts whose shifts they may work (collaborative bank)', type: [String] })
  clearedTrustNames!: string[];
}

export class AvailableShiftsQuery {
  @ApiPropertyOptional({ format: 'date', description: 'Local start date on or after; default today' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Local start date before; default 28 days after from, at most 62',
  })
  @IsOptional()
  @IsIsoDate()
  to?: string;
}

export class MyOfferView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'When the offer lapses: the shift’s next release stage, or its start' }) expiresAt!: Date;
}

/** An open shift the caller may take now, with what they would be paid. Nothing of other workers or agencies. */
export class AvailableShiftView extends ShiftPlaceView {
  @ApiProperty({ format: 'uuid' }) shiftId!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Pay at the card rate, pence; null where no card is in force',
  })
  payPence!: number | null;
  @ApiProperty({ type: MyOfferView, nullable: true, description: 'The open offer of it to the caller, if any' })
  offer!: MyOfferView | null;
}

export class MyBookingsQuery {
  @ApiPropertyOptional({ enum: ['upcoming', 'past'], default: 'upcoming' })
  @IsOptional()
  @IsIn(['upcoming', 'past'])
  when?: 'upcoming' | 'past';
}

export class MyBookingView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) shiftId!: string;
  @ApiProperty() trustName!: string;
  @ApiProperty() wardName!: string;
  @ApiProperty() startsAt!: Date;
  @ApiProperty() endsAt!: Date;
  @ApiProperty({ enum: ['pending_approval', 'confirmed', 'rejected', 'cancelled'] }) status!: string;
  @ApiProperty({ description: 'Pay at the booking, pence' }) payPence!: number;
  @ApiProperty({
    type: Date,
    nullable: true,
    description:
      'Until when the caller may cancel it (the system’s bankCancelNoticeHours before the start); null once not active',
  })
  cancellableUntil!: Date | null;
}

export class CancelMyBookingDto {
  @ApiPropertyOptional({ example: 'Unwell' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

export class MyTimesheetView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) bookingId!: string;
  @ApiProperty() trustName!: string;
  @ApiProperty() wardName!: string;
  @ApiProperty() startedAt!: Date;
  @ApiProperty() endedAt!: Date;
  @ApiProperty() breakMinutes!: number;
  @ApiProperty() paidMinutes!: number;
  @ApiProperty({ description: 'Pay for the worked times, pence' }) amountPence!: number;
}
