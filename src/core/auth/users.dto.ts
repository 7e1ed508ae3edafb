import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { ROLES, type Role, SIGNOFF_LEVELS, type SignoffLevel } from './api-key.entity.js';
import { GrantDto } from './grant.dto.js';

export class InviteUserDto extends GrantDto {
  @ApiProperty({
    example: 'sam.okafor@medway.nhs.uk',
    description: 'Their first sign-in with this verified e-mail binds their identity',
  })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({ example: 'Sam Okafor', description: 'Until the provider gives their name' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'false ends their sessions at once and refuses their next sign-in' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    enum: ROLES,
    description: 'With its scope: give role, systemId or trustIds, approvalLevel together',
  })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  systemId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  trustIds?: string[];

  @ApiPropertyOptional({ enum: SIGNOFF_LEVELS })
  @IsOptional()
  @IsIn(SIGNOFF_LEVELS)
  approvalLevel?: SignoffLevel;

  @ApiPropertyOptional({ format: 'uuid', description: 'bank_worker only' })
  @IsOptional()
  @IsUUID()
  bankWorkerId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'agency only' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) systemId!: string | null;
  @ApiProperty({ type: [String] }) trustIds!: string[];
  @ApiProperty({ enum: SIGNOFF_LEVELS, nullable: true }) approvalLevel!: SignoffLevel | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) bankWorkerId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) agencyId!: string | null;
  @ApiProperty({ enum: ['invitation', 'groups'] }) grantedBy!: 'invitation' | 'groups';
  @ApiProperty({ description: 'Whether they have signed in (their identity is bound)' }) signedInBefore!: boolean;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: Date, nullable: true }) lastSignInAt!: Date | null;
  @ApiProperty() createdAt!: Date;
}

export class LocalSetupView {
  @ApiProperty({ description: 'Give it to the person only: it lets them choose their password' }) setupUrl!: string;
  @ApiProperty() expiresAt!: Date;
}
