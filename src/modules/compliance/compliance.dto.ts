import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SIGNOFF_LEVELS } from '../../core/auth/api-key.entity.js';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQuery } from '../../core/pagination/page.js';
import { IsIsoDate } from '../../core/validation/is-iso-date.js';
import { BREACH_RULES, BREACH_SEVERITIES, BREACH_STATUSES, RUN_STATUSES, RUN_TRIGGERS } from './compliance-rules.js';

export class CreateComplianceRunDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  systemId!: string;

  @ApiProperty({ format: 'date', description: 'First local start date checked' })
  @IsIsoDate()
  from!: string;

  @ApiProperty({
    format: 'date',
    description: 'First local start date not checked (exclusive); at most 400 days after `from`',
  })
  @IsIsoDate()
  to!: string;
}

export class ListComplianceRunsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  systemId?: string;
}

export class ComplianceRunView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) systemId!: string;
  @ApiProperty({ enum: RUN_STATUSES }) status!: string;
  @ApiProperty({ enum: RUN_TRIGGERS }) trigger!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The card a card_change run checks against',
  })
  cardId!: string | null;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ description: 'Chunks (one trust, one week) the run was split into' }) chunksTotal!: number;
  @ApiProperty({ description: 'Chunks finished so far' }) chunksDone!: number;
  @ApiProperty() bookingsChecked!: number;
  @ApiProperty() breachesOpened!: number;
  @ApiProperty() breachesUpdated!: number;
  @ApiProperty() breachesResolved!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) startedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt!: Date | null;
}

export class ListBreachesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  systemId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  trustId?: string;

  @ApiPropertyOptional({ enum: BREACH_RULES })
  @IsOptional()
  @IsIn(BREACH_RULES)
  rule?: string;

  @ApiPropertyOptional({ enum: BREACH_STATUSES })
  @IsOptional()
  @IsIn(BREACH_STATUSES)
  status?: string;

  @ApiPropertyOptional({ enum: BREACH_SEVERITIES })
  @IsOptional()
  @IsIn(BREACH_SEVERITIES)
  severity?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  bookingId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  shiftId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Shift local start date on or after' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Shift local start date before' })
  @IsOptional()
  @IsIsoDate()
  to?: string;
}

export class BreachView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) bookingId!: string;
  @ApiProperty({ format: 'uuid' }) shiftId!: string;
  @ApiProperty({ format: 'uuid' }) trustId!: string;
  @ApiProperty({ format: 'uuid' }) systemId!: string;
  @ApiProperty({ format: 'date', description: 'The shift’s local start date' }) localStartDate!: string;
  @ApiProperty({ enum: BREACH_RULES }) rule!: string;
  @ApiProperty({ enum: BREACH_SEVERITIES }) severity!: string;
  @ApiProperty({ enum: BREACH_STATUSES }) status!: string;
  @ApiProperty({ enum: ['cleared', 'manual'], nullable: true, type: String }) resolution!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() amountPence!: number;
  @ApiProperty({ description: 'Timesheet amount where there is one, else the booking’s cost' }) chargePence!: number;
  @ApiProperty({ nullable: true, type: Number }) capCostPence!: number | null;
  @ApiProperty({ nullable: true, type: Number }) systemCapCostPence!: number | null;
  @ApiProperty({ nullable: true, type: Number }) cardCostPence!: number | null;
  @ApiProperty({ nullable: true, enum: SIGNOFF_LEVELS, type: String })
  signoffLevel!: string | null;
  @ApiProperty() detectedAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) resolvedAt!: Date | null;
}

export class AcknowledgeBreachDto {
  @ApiPropertyOptional({ example: 'Looking into it with the agency' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

export class BreachReasonDto {
  @ApiProperty({ example: 'Only agency with a registered mental health nurse that night' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}
