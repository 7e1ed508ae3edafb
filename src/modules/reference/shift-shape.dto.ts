import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, IsUUID, Max, Min } from 'class-validator';
import { ALL_GRADES, STAFF_GROUP_KEYS } from '../time-bands/index.js';

/**
 * The fields that describe a shift for costing: who (staff group, grade), where (trust) and when.
 * Quotes and shifts share them, and the same checks (time-bands/shift-input.ts) apply to both.
 */
export class ShiftShapeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  trustId!: string;

  @ApiProperty({ enum: STAFF_GROUP_KEYS })
  @IsIn(STAFF_GROUP_KEYS)
  staffGroup!: string;

  @ApiProperty({ enum: ALL_GRADES, description: 'A grade of the staff group' })
  @IsIn(ALL_GRADES)
  grade!: string;

  @ApiProperty({ example: '2025-04-04T19:00:00+01:00', description: 'ISO 8601 with an offset, on a whole minute' })
  @IsString()
  startsAt!: string;

  @ApiProperty({ example: '2025-04-05T07:30:00+01:00' })
  @IsString()
  endsAt!: string;

  @ApiProperty({ example: 30, minimum: 0, description: 'Unpaid break, minutes' })
  @IsInt()
  @Min(0)
  @Max(1439)
  breakMinutes!: number;
}
