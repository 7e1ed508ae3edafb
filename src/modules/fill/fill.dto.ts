import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RELEASE_STAGES } from '../time-bands/index.js';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../core/pagination/page.js';
import { SUGGESTION_KINDS, SUGGESTION_STATUSES } from './fill-suggestion.entity.js';
import { INELIGIBILITY_REASONS, LADDER_TIERS } from './fill-rules.js';

export class FillOptionView {
  @ApiPropertyOptional({ format: 'uuid', description: 'Bank options' }) bankWorkerId?: string;
  @ApiPropertyOptional({ description: 'Bank options' }) displayName?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Bank options' }) homeTrustId?: string;
  @ApiPropertyOptional({ description: 'Bank options: the worker’s own grade' }) grade?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Agency options' }) agencyId?: string;
  @ApiPropertyOptional({ description: 'Agency options' }) agencyName?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Agency options' }) agencyContractId?: string;
  @ApiPropertyOptional({ description: 'Agency options: 1 preferred to 3' }) contractTier?: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Agency options: null when off-framework' })
  framework?: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'What this option would cost for the shift, pence' })
  costPence!: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Agency options: the sign-off it needs' })
  signoffLevel?: string | null;
  @ApiPropertyOptional({ description: 'Agency options: true where the rules refuse it' }) refused?: boolean;
  @ApiProperty({ enum: RELEASE_STAGES, description: 'The release cascade stage the option belongs to' })
  stage!: string;
  @ApiProperty({ description: 'When that stage is (or was) released' }) releaseAt!: Date;
  @ApiProperty({ description: 'Whether it is released now: an option may be booked only once it is' })
  released!: boolean;
}

export class FillTierView {
  @ApiProperty({ enum: LADDER_TIERS }) tier!: string;
  @ApiProperty({ description: 'How many options the tier has; `options` lists the best 25' }) total!: number;
  @ApiProperty({ type: [FillOptionView] }) options!: FillOptionView[];
}

export class IneligibleWorkerView {
  @ApiProperty({ format: 'uuid' }) bankWorkerId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: INELIGIBILITY_REASONS, isArray: true }) reasons!: string[];
}

export class FillOptionsView {
  @ApiProperty({ format: 'uuid' }) shiftId!: string;
  @ApiProperty({ type: Number, nullable: true }) capCostPence!: number | null;
  @ApiProperty({ type: Number, nullable: true }) systemCapCostPence!: number | null;
  @ApiProperty({ type: Number, nullable: true }) cardCostPence!: number | null;
  @ApiProperty({
    description:
      'The system’s support-worker agency ban covers this shift (clinical_support at band2 or band3): agency is not allowed, and the agency tiers are empty',
  })
  agencyBanned!: boolean;
  @ApiProperty({ type: [FillTierView], description: 'In ladder order, bank first' }) tiers!: FillTierView[];
  @ApiProperty({ type: [IneligibleWorkerView], description: 'Workers who would otherwise match, with why not' })
  ineligible!: IneligibleWorkerView[];
}

export class SuggestedCandidateView {
  @ApiProperty({ format: 'uuid' }) bankWorkerId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'uuid' }) homeTrustId!: string;
  @ApiProperty({ description: 'What booking them would cost, pence' }) costPence!: number;
}

export class FillSuggestionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) shiftId!: string;
  @ApiProperty({ format: 'uuid' }) trustId!: string;
  @ApiProperty({ format: 'uuid' }) systemId!: string;
  @ApiProperty({ enum: SUGGESTION_KINDS }) kind!: string;
  @ApiProperty({ enum: SUGGESTION_STATUSES }) status!: string;
  @ApiProperty({ type: [SuggestedCandidateView], description: 'The three best-ranked eligible bank workers' })
  candidates!: SuggestedCandidateView[];
  @ApiProperty({ description: 'The cheapest agency option not refused, or the agency booking’s charge' })
  agencyCostPence!: number;
  @ApiProperty({ description: 'agencyCostPence − the best candidate’s cost' }) savingPence!: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'swap_to_bank: the agency booking' })
  bookingId!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The bank booking that filled it' })
  actedBookingId!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Agency cost − the charge of the bank booking' })
  savingRealisedPence!: number | null;
  @ApiProperty({ type: String, nullable: true }) closeReason!: string | null;
  @ApiProperty() raisedAt!: Date;
  @ApiProperty({ type: Date, nullable: true }) closedAt!: Date | null;
}

export class ListFillSuggestionsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  trustId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  systemId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  shiftId?: string;

  @ApiPropertyOptional({ enum: SUGGESTION_STATUSES })
  @IsOptional()
  @IsIn(SUGGESTION_STATUSES)
  status?: string;

  @ApiPropertyOptional({ enum: SUGGESTION_KINDS })
  @IsOptional()
  @IsIn(SUGGESTION_KINDS)
  kind?: string;
}
