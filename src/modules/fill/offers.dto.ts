import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';
import { OFFER_STATUSES } from './shift-offer.entity.js';

export class OfferShiftDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The bank workers to offer it to (1 to 20): each must be eligible and released to now',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  bankWorkerIds!: string[];
}

export class ShiftOfferView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) shiftId!: string;
  @ApiProperty({ format: 'uuid' }) bankWorkerId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: OFFER_STATUSES, description: 'open, accepted (this worker took it) or closed' })
  status!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['taken', 'lapsed', 'cancelled'] }) closeReason!: string | null;
  @ApiProperty({ description: 'When it lapses: the next release stage (or the start)' }) expiresAt!: Date;
  @ApiProperty({ type: Number, nullable: true, description: 'Pay at the card rate, pence' }) payPence!: number | null;
  @ApiProperty() offeredAt!: Date;
  @ApiProperty({ type: Date, nullable: true }) closedAt!: Date | null;
}
