import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
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
