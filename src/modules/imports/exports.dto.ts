import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsIsoDate } from '../../core/validation/is-iso-date.js';

export const EXPORT_KINDS = ['shifts', 'bookings', 'breaches'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export class ExportQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Every trust of the system in the key’s scope (or give trustId)',
  })
  @IsOptional()
  @IsUUID()
  systemId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One trust (or give systemId)' })
  @IsOptional()
  @IsUUID()
  trustId?: string;

  @ApiProperty({ format: 'date', description: 'Shifts whose local start date is on or after' })
  @IsIsoDate()
  from!: string;

  @ApiProperty({ format: 'date', description: 'Shifts whose local start date is before' })
  @IsIsoDate()
  to!: string;
}
