import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ROLES, type Role, SIGNOFF_LEVELS, type SignoffLevel } from './api-key.entity.js';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Medway rota office' })
  @IsString()
  @Length(1, 200)
  name!: string;

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
}

export class ApiKeyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) systemId!: string | null;
  @ApiProperty({ type: [String] }) trustIds!: string[];
  @ApiProperty({ enum: SIGNOFF_LEVELS, nullable: true }) approvalLevel!: SignoffLevel | null;
  @ApiProperty({ description: 'The first characters of the key' }) keyPrefix!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) revokedAt!: Date | null;
}

export class CreatedApiKeyView extends ApiKeyView {
  @ApiProperty({ description: 'The key itself: shown once, stored only as a hash' })
  key!: string;
}
