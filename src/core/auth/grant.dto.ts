import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { ROLES, type Role, SIGNOFF_LEVELS, type SignoffLevel } from './api-key.entity.js';

/** The role and scope an API key or a person is given (docs/rules.md section 12). */
export class GrantDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'System scope (or give trustIds)' })
  @IsOptional()
  @IsUUID()
  systemId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Trust scope (or give systemId)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  trustIds?: string[];

  @ApiPropertyOptional({ enum: SIGNOFF_LEVELS, description: 'Approvers only: the highest level it may approve' })
  @IsOptional()
  @IsIn(SIGNOFF_LEVELS)
  approvalLevel?: SignoffLevel;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'bank_worker only: the bank worker record the holder is (no systemId or trustIds)',
  })
  @IsOptional()
  @IsUUID()
  bankWorkerId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'agency only: the agency the holder acts for (no systemId or trustIds)',
  })
  @IsOptional()
  @IsUUID()
  agencyId?: string;
}
