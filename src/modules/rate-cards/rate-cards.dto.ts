import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  IsObject,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../core/pagination/page.js';
import { IsIsoDate } from '../../core/validation/is-iso-date.js';
import { ALL_BANDS } from '../time-bands/index.js';
import { ALL_GRADES, STAFF_GROUP_KEYS } from '../time-bands/index.js';
import { RATE_CARD_SCOPES, type RateCardScope } from './rate-card.entity.js';

export const MAX_RATE_PENCE = 100_000;

export class RateCardLineDto {
  @ApiProperty({ enum: STAFF_GROUP_KEYS })
  @IsIn(STAFF_GROUP_KEYS)
  staffGroup!: string;

  @ApiProperty({ enum: ALL_GRADES, description: 'A grade of the staff group' })
  @IsIn(ALL_GRADES)
  grade!: string;

  @ApiProperty({ enum: ALL_BANDS, description: 'A band of the staff group’s scheme' })
  @IsIn(ALL_BANDS)
  band!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_RATE_PENCE, description: 'Agency price cap, pence per hour' })
  @IsInt()
  @Min(1)
  @Max(MAX_RATE_PENCE)
  agencyCapPence!: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_RATE_PENCE,
    type: Number,
    nullable: true,
    description: 'Bank pay rate, pence per hour (system cards; null or left out on national cards)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RATE_PENCE)
  bankRatePence?: number | null;
}

export class RateCardHeaderDto {
  @ApiProperty({ enum: RATE_CARD_SCOPES })
  @IsIn(RATE_CARD_SCOPES)
  scope!: RateCardScope;

  @ApiPropertyOptional({ format: 'uuid', description: 'System cards only' })
  @IsOptional()
  @IsUUID()
  systemId?: string;

  @ApiProperty({ example: 'Kent and Medway harmonised card 2026/27' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ format: 'date', example: '2026-04-01' })
  @IsIsoDate()
  effectiveFrom!: string;

  @ApiPropertyOptional({ format: 'date', description: 'Exclusive; open-ended when omitted' })
  @IsOptional()
  @IsIsoDate()
  effectiveTo?: string;
}

export class RateCardLinesDto {
  @ApiProperty({ type: [RateCardLineDto] })
  @IsArray()
  @ArrayMaxSize(5_000)
  // ValidateNested passes a nested array as if it were a line.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RateCardLineDto)
  lines!: RateCardLineDto[];
}

export class CreateRateCardDto extends IntersectionType(RateCardHeaderDto, RateCardLinesDto) {}

export class ListRateCardsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RATE_CARD_SCOPES })
  @IsOptional()
  @IsIn(RATE_CARD_SCOPES)
  scope?: RateCardScope;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  systemId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Only the published cards in force on this date' })
  @IsOptional()
  @IsIsoDate()
  at?: string;
}

export class DiffQuery {
  @ApiProperty({ format: 'uuid', description: 'The card to compare against (the "before")' })
  @IsUUID()
  against!: string;
}

export class RateCardLineView {
  @ApiProperty() staffGroup!: string;
  @ApiProperty() grade!: string;
  @ApiProperty() band!: string;
  @ApiProperty() agencyCapPence!: number;
  @ApiProperty({ type: Number, nullable: true }) bankRatePence!: number | null;
}

export class RateCardView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RATE_CARD_SCOPES }) scope!: RateCardScope;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) systemId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['draft', 'published'] }) status!: string;
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ format: 'date', type: String, nullable: true }) effectiveTo!: string | null;
  @ApiProperty({ type: Date, nullable: true }) publishedAt!: Date | null;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, description: 'The key that published it' })
  publishedBy!: string | null;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, description: 'The card that closed its end date' })
  supersededById!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class RateCardWithLinesView extends RateCardView {
  @ApiProperty({ type: [RateCardLineView] }) lines!: RateCardLineView[];
}

export class RateCardLineChange {
  @ApiProperty() staffGroup!: string;
  @ApiProperty() grade!: string;
  @ApiProperty() band!: string;
  @ApiProperty({ type: RateCardLineView }) before!: RateCardLineView;
  @ApiProperty({ type: RateCardLineView }) after!: RateCardLineView;
}

export class RateCardDiffView {
  @ApiProperty({ format: 'uuid' }) cardId!: string;
  @ApiProperty({ format: 'uuid' }) againstId!: string;
  @ApiProperty({ type: [RateCardLineView] }) added!: RateCardLineView[];
  @ApiProperty({ type: [RateCardLineView] }) removed!: RateCardLineView[];
  @ApiProperty({ type: [RateCardLineChange] }) changed!: RateCardLineChange[];
}
