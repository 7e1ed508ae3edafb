import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  ValidateIf,
  IsObject,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../core/pagination/page.js';
import { IsIsoDate } from '../../core/validation/is-iso-date.js';
import { ALL_BANDS } from '../time-bands/index.js';
import { ALL_GRADES, STAFF_GROUP_KEYS } from '../time-bands/index.js';

/** A candidate an agency puts forward, or a direct booking names (docs/rules.md section 14). */
export class CandidateDto {
  @ApiProperty({ example: 'Ama Owusu' })
  @IsString()
  @Length(1, 200)
  displayName!: string;

  @ApiPropertyOptional({
    example: 'NMC 12A3456B',
    description: 'Professional registration (NMC, HCPC or GMC number): required for registered clinical staff groups',
  })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  registration?: string;
}

export class CreateAgencyDto {
  @ApiProperty({ example: 'Medway Healthcare Staffing Ltd' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class AgencyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() createdAt!: Date;
}

export class AgencyContractLineDto {
  @ApiProperty({ enum: STAFF_GROUP_KEYS })
  @IsIn(STAFF_GROUP_KEYS)
  staffGroup!: string;

  @ApiProperty({ enum: ALL_GRADES })
  @IsIn(ALL_GRADES)
  grade!: string;

  @ApiProperty({ enum: ALL_BANDS })
  @IsIn(ALL_BANDS)
  band!: string;

  @ApiProperty({ minimum: 1, maximum: 100_000, description: 'Hourly charge to the trust, excluding VAT, pence' })
  @IsInt()
  @Min(1)
  @Max(100_000)
  chargeRatePence!: number;

  @ApiProperty({ minimum: 1, description: 'Hourly pay to the worker, pence; at most the charge' })
  @IsInt()
  @Min(1)
  @Max(100_000)
  workerPayPence!: number;
}

export class CreateAgencyContractDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  agencyId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  systemId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'NHS Workforce Alliance',
    description: 'null for an off-framework contract',
  })
  @ValidateIf((_object, value) => value !== null)
  @IsString()
  @Length(1, 200)
  framework!: string | null;

  @ApiProperty({ minimum: 1, maximum: 3, description: '1 is the preferred tier' })
  @IsInt()
  @Min(1)
  @Max(3)
  tier!: number;

  @ApiProperty({ format: 'date' })
  @IsIsoDate()
  validFrom!: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'First day the contract no longer applies; open-ended when omitted',
  })
  @IsOptional()
  @IsIsoDate()
  validTo?: string;

  @ApiProperty({ type: [AgencyContractLineDto] })
  @IsArray()
  @ArrayMaxSize(5_000)
  // ValidateNested passes a nested array as if it were a line.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AgencyContractLineDto)
  lines!: AgencyContractLineDto[];
}

export class ListAgencyContractsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  systemId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Only contracts valid on this date' })
  @IsOptional()
  @IsIsoDate()
  at?: string;
}

export class AgencyContractLineView {
  @ApiProperty() staffGroup!: string;
  @ApiProperty() grade!: string;
  @ApiProperty() band!: string;
  @ApiProperty() chargeRatePence!: number;
  @ApiProperty() workerPayPence!: number;
}

export class AgencyContractView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ format: 'uuid' }) systemId!: string;
  @ApiProperty({ type: String, nullable: true }) framework!: string | null;
  @ApiProperty() tier!: number;
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty({ format: 'date', type: String, nullable: true }) validTo!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: [AgencyContractLineView] }) lines!: AgencyContractLineView[];
}
