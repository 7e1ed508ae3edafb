import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { PageQuery } from '../../core/pagination/page.js';
import { ShiftShapeDto } from '../reference/index.js';
import { IsIsoDate } from '../../core/validation/is-iso-date.js';
import { MAX_REPEAT_WEEKS } from './shift-repeat.js';
import { RELEASE_STAGES } from '../time-bands/index.js';
import { SHIFT_STATUSES } from './shift.entity.js';

export class CreateShiftDto extends ShiftShapeDto {
  @ApiProperty({ format: 'uuid', description: 'A ward of the trust' })
  @IsUUID()
  wardId!: string;

  @ApiPropertyOptional({ example: 'Sickness cover' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;

  @ApiPropertyOptional({ description: 'Exemption allowing agency use for admin and estates shifts' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  exemptionRef?: string;

  @ApiPropertyOptional({
    description: 'Id in the trust’s e-rostering system; unique within the trust, so not with repeatWeeks above 1',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  externalRef?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_REPEAT_WEEKS,
    example: 3,
    description:
      'Post the same shift weekly for this many weeks, this one first (1: just this one): the same weekday and ' +
      'London wall-clock start and end each week, so a night over a clock change is an hour longer or shorter. ' +
      'All the weeks are posted, or none; a week whose start or end the clocks skip or repeat is refused (400). ' +
      'The answer then also lists every shift posted in weeklyShifts.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REPEAT_WEEKS)
  repeatWeeks?: number;
}

export class UpdateShiftDto extends PartialType(
  PickType(CreateShiftDto, ['wardId', 'startsAt', 'endsAt', 'breakMinutes', 'reason'] as const),
  { skipNullProperties: false },
) {}

export class CancelShiftDto {
  @ApiProperty({ example: 'Ward closed' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class ListShiftsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  trustId?: string;

  @ApiPropertyOptional({ enum: SHIFT_STATUSES })
  @IsOptional()
  @IsIn(SHIFT_STATUSES)
  status?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Local start date on or after' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Local start date before' })
  @IsOptional()
  @IsIsoDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  wardId?: string;

  @ApiPropertyOptional({ example: 'nursing' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  staffGroup?: string;

  @ApiPropertyOptional({ enum: ['id', 'startsAt'], default: 'id', description: 'startsAt: soonest first' })
  @IsOptional()
  @IsIn(['id', 'startsAt'])
  sort?: 'id' | 'startsAt';
}

export class ReleaseView {
  @ApiProperty({ enum: RELEASE_STAGES }) stage!: string;
  @ApiProperty({ description: 'When the stage is (or was) released' }) releaseAt!: Date;
  @ApiProperty() released!: boolean;
}

/** A rota manager releases a stage (and those before it) early. */
export class ReleaseShiftDto {
  @ApiProperty({ enum: RELEASE_STAGES.slice(1), example: 'agency_tier_1' })
  @IsIn(RELEASE_STAGES.slice(1))
  stage!: string;

  @ApiProperty({ example: 'No bank cover after two days of asking' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class ShiftView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) trustId!: string;
  @ApiProperty({ format: 'uuid' }) wardId!: string;
  @ApiProperty() staffGroup!: string;
  @ApiProperty() grade!: string;
  @ApiProperty() startsAt!: Date;
  @ApiProperty() endsAt!: Date;
  @ApiProperty() breakMinutes!: number;
  @ApiProperty({ format: 'date' }) localStartDate!: string;
  @ApiProperty({ enum: SHIFT_STATUSES }) status!: string;
  @ApiProperty() elapsedMinutes!: number;
  @ApiProperty() paidMinutes!: number;
  @ApiProperty({ example: { day: 60, night: 240, saturday: 450 } }) bandMinutes!: Record<string, number>;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true }) exemptionRef!: string | null;
  @ApiProperty({ type: String, nullable: true }) externalRef!: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason!: string | null;
  @ApiProperty({ description: 'When the shift was posted: its own bank sees it from then' }) postedAt!: Date;
  @ApiProperty({ enum: RELEASE_STAGES, description: 'The latest release cascade stage released now' })
  stage!: string;
  @ApiProperty({ type: Date, nullable: true, description: 'When the next stage is released; null once all are' })
  nextReleaseAt!: Date | null;
  @ApiProperty({ type: [ReleaseView], description: 'Every stage of the release cascade, in order' })
  releases!: ReleaseView[];
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

/** The answer to POST /shifts: the shift, and with repeatWeeks every week's shift too. */
export class CreatedShiftView extends ShiftView {
  @ApiPropertyOptional({
    type: [ShiftView],
    description: 'Only when repeatWeeks was sent: every shift posted, week by week, this one first',
  })
  weeklyShifts?: ShiftView[];
}
