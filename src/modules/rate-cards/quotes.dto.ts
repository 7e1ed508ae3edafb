import { ApiProperty } from '@nestjs/swagger';
import { ShiftShapeDto } from '../reference/index.js';
import { RATE_CARD_SCOPES } from './rate-card.entity.js';

export class QuoteDto extends ShiftShapeDto {}

export class MissingBandView {
  @ApiProperty({ enum: RATE_CARD_SCOPES }) scope!: string;
  @ApiProperty({ format: 'uuid' }) cardId!: string;
  @ApiProperty() band!: string;
}

export class QuoteView {
  @ApiProperty({ format: 'date', description: 'Europe/London date of the start: picks the cards in force' })
  localStartDate!: string;
  @ApiProperty() elapsedMinutes!: number;
  @ApiProperty() paidMinutes!: number;
  @ApiProperty({
    example: { day: 60, night: 240, saturday: 450 },
    description: 'Minutes per band; untouched bands left out',
  })
  bandMinutes!: Record<string, number>;
  @ApiProperty({ type: Number, nullable: true, description: 'At the national price cap' }) capCostPence!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'At the system card’s agency cap' })
  systemCapCostPence!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'At the system card’s bank rate' }) cardCostPence!:
    number | null;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) nationalCardId!: string | null;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) systemCardId!: string | null;
  @ApiProperty({ type: [MissingBandView], description: 'Bands the shift touches that a card in force has no line for' })
  missingBands!: MissingBandView[];
}
