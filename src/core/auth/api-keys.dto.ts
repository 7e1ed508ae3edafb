import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { ROLES, type Role, SIGNOFF_LEVELS, type SignoffLevel } from './api-key.entity.js';
import { GrantDto } from './grant.dto.js';

export class CreateApiKeyDto extends GrantDto {
  @ApiProperty({ example: 'Medway rota office' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class ApiKeyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) systemId!: string | null;
  @ApiProperty({ type: [String] }) trustIds!: string[];
  @ApiProperty({ enum: SIGNOFF_LEVELS, nullable: true }) approvalLevel!: SignoffLevel | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) bankWorkerId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) agencyId!: string | null;
  @ApiProperty({ description: 'The first characters of the key' }) keyPrefix!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) revokedAt!: Date | null;
}

export class CreatedApiKeyView extends ApiKeyView {
  @ApiProperty({ description: 'The key itself: shown once, stored only as a hash' })
  key!: string;
}
