import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { PageQuery } from '../../core/pagination/page.js';
import { Omittable } from '../../core/validation/omittable.js';
import { ALL_GRADES, STAFF_GROUP_KEYS } from '../time-bands/index.js';

export class CreateBankWorkerDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  homeTrustId!: string;

  @ApiProperty({ example: 'Amara Okafor' })
  @IsString()
  @Length(1, 200)
  displayName!: string;

  @ApiProperty({ enum: STAFF_GROUP_KEYS })
  @IsIn(STAFF_GROUP_KEYS)
  staffGroup!: string;

  @ApiProperty({ enum: ALL_GRADES, description: 'A grade of the staff group' })
  @IsIn(ALL_GRADES)
  grade!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', default: [], description: 'Other trusts of the same system' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  clearedTrustIds?: string[];

  @ApiPropertyOptional({ default: false })
  @Omittable()
  @IsBoolean()
  optedOutOfWeeklyLimit?: boolean;

  @ApiPropertyOptional({ default: 0, description: 'Hours a week worked for other employers' })
  @Omittable()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  contractedWeeklyHours?: number;

  @ApiPropertyOptional({ default: true })
  @Omittable()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Id in the trust’s own bank system; unique within the home trust' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  externalRef?: string;
}

// skipNullProperties: false, so null is validated (and refused) instead of reaching a NOT NULL column.
export class UpdateBankWorkerDto extends PartialType(OmitType(CreateBankWorkerDto, ['homeTrustId'] as const), {
  skipNullProperties: false,
}) {}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListBankWorkersQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Workers of this home trust or cleared to work at it' })
  @IsOptional()
  @IsUUID()
  trustId?: string;

  @ApiPropertyOptional({ enum: STAFF_GROUP_KEYS })
  @IsOptional()
  @IsIn(STAFF_GROUP_KEYS)
  staffGroup?: string;

  @ApiPropertyOptional({ enum: ALL_GRADES })
  @IsOptional()
  @IsIn(ALL_GRADES)
  grade?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

export class BankWorkerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) homeTrustId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() staffGroup!: string;
  @ApiProperty() grade!: string;
  @ApiProperty({ type: [String] }) clearedTrustIds!: string[];
  @ApiProperty() optedOutOfWeeklyLimit!: boolean;
  @ApiProperty() contractedWeeklyHours!: number;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: String, nullable: true }) externalRef!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}
