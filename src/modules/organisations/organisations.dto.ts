import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  Validate,
  IsObject,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../core/pagination/page.js';
import { Omittable } from '../../core/validation/omittable.js';
import { CronExpression } from './cron-expression.validator.js';

export class StageTimingDto {
  @ApiProperty({ example: 120, description: 'Normal release point: elapsed hours before the shift starts' })
  @IsInt()
  @Min(0)
  @Max(2160)
  beforeStartHours!: number;

  @ApiProperty({ example: 2, description: 'Least head start the earlier stages get when a shift is posted late' })
  @IsInt()
  @Min(0)
  @Max(720)
  afterPostingHours!: number;
}

/** Every stage after own bank, each with its timing (docs/rules.md section 10a). */
export class ReleaseCascadeDto {
  @ApiProperty({ type: StageTimingDto, example: { beforeStartHours: 336, afterPostingHours: 1 } })
  @IsObject()
  @ValidateNested()
  @Type(() => StageTimingDto)
  collaborative_bank!: StageTimingDto;

  @ApiProperty({ type: StageTimingDto, example: { beforeStartHours: 120, afterPostingHours: 2 } })
  @IsObject()
  @ValidateNested()
  @Type(() => StageTimingDto)
  agency_tier_1!: StageTimingDto;

  @ApiProperty({ type: StageTimingDto, example: { beforeStartHours: 72, afterPostingHours: 3 } })
  @IsObject()
  @ValidateNested()
  @Type(() => StageTimingDto)
  agency_tier_2!: StageTimingDto;

  @ApiProperty({ type: StageTimingDto, example: { beforeStartHours: 48, afterPostingHours: 4 } })
  @IsObject()
  @ValidateNested()
  @Type(() => StageTimingDto)
  agency_tier_3!: StageTimingDto;
}

export class SystemSettingsDto {
  @ApiPropertyOptional({ default: 1.5, description: 'Agency charge ≥ this × cap cost needs executive sign-off' })
  @Omittable()
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(100)
  executiveSignoffRatio?: number;

  @ApiPropertyOptional({
    default: 10000,
    description: 'Effective hourly rate (pence) that needs chief-executive sign-off',
  })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  ceoSignoffRatePence?: number;

  @ApiPropertyOptional({ default: '0 2 * * *', description: 'Nightly compliance run, cron in Europe/London' })
  @Omittable()
  @IsString()
  @Validate(CronExpression)
  nightlyCron?: string;

  @ApiPropertyOptional({ default: 28, description: 'Days the nightly run re-checks' })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(366)
  recheckDays?: number;

  @ApiPropertyOptional({ default: 0, description: 'Employer on-costs added to bank pay, percent' })
  @Omittable()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  bankOnCostPercent?: number;

  @ApiPropertyOptional({
    type: ReleaseCascadeDto,
    nullable: true,
    description:
      'When each stage after own bank is released (every stage given); null releases every stage at posting. Default: 336/1, 120/2, 72/3, 48/4 hours',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReleaseCascadeDto)
  releaseCascade?: ReleaseCascadeDto | null;

  @ApiPropertyOptional({ default: 24, description: 'Hours before agency tier 1 release that a bank fill is suggested' })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(720)
  suggestLeadHours?: number;

  @ApiPropertyOptional({
    default: 48,
    description: 'Hours before the start within which an agency booking can no longer be cancelled',
  })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(720)
  agencyNoticeHours?: number;

  @ApiPropertyOptional({
    default: 24,
    description: 'Hours before the start at which a booking still waiting for sign-off is overdue',
  })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(720)
  approvalOverdueHours?: number;

  @ApiPropertyOptional({
    default: 24,
    description: 'Hours before the start after which a bank worker can no longer cancel their own booking',
  })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(720)
  bankCancelNoticeHours?: number;

  @ApiPropertyOptional({
    default: false,
    description:
      'Support-worker agency ban: agency for clinical_support at band2 or band3 is refused (422 SUPPORT_WORKER_AGENCY), and any such agency booking is a high-severity breach',
  })
  @Omittable()
  @IsBoolean()
  supportWorkerAgencyBan?: boolean;
}

export class CreateSystemDto {
  @ApiProperty({ example: 'KM', description: 'Short code, unique' })
  @IsString()
  @Matches(/^[A-Z0-9_-]{2,20}$/, { message: 'code must be 2 to 20 capital letters, digits, - or _' })
  code!: string;

  @ApiProperty({ example: 'Kent and Medway' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ type: SystemSettingsDto })
  @IsOptional()
  // ValidateNested passes an array of settings objects.
  @IsObject()
  @ValidateNested()
  @Type(() => SystemSettingsDto)
  settings?: SystemSettingsDto;
}

export class UpdateSystemDto extends PartialType(CreateSystemDto) {}

export class SystemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: SystemSettingsDto }) settings!: Required<SystemSettingsDto>;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class CreateTrustDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  systemId!: string;

  @ApiProperty({ example: 'RN7', description: 'ODS code, unique' })
  @IsString()
  @Matches(/^[A-Z0-9]{3,5}$/, { message: 'odsCode must be 3 to 5 capital letters or digits' })
  odsCode!: string;

  @ApiProperty({ example: 'Dartford and Gravesham NHS Trust' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class TrustView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) systemId!: string;
  @ApiProperty() odsCode!: string;
  @ApiProperty() name!: string;
  @ApiProperty() createdAt!: Date;
}

export class ListTrustsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  systemId?: string;
}

export class CreateWardDto {
  @ApiProperty({ example: 'ED', description: 'Unique within the trust' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,30}$/, { message: 'code must be 1 to 30 letters, digits, ., - or _' })
  code!: string;

  @ApiProperty({ example: 'Emergency Department' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class WardView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) trustId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() createdAt!: Date;
}
