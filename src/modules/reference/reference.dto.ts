import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ALL_BANDS } from '../time-bands/index.js';
import { ALL_GRADES, STAFF_GROUP_KEYS } from '../time-bands/index.js';

export class StaffGroupView {
  @ApiProperty({ enum: STAFF_GROUP_KEYS }) key!: string;
  @ApiProperty({ example: '03', description: 'NHS Data Dictionary STAFF GROUP code' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['registered_clinical', 'unregistered_clinical', 'non_clinical'] }) ruleClass!: string;
  @ApiProperty({ enum: ['agenda_for_change', 'medical'] }) bandScheme!: string;
  @ApiProperty({ enum: ALL_BANDS, isArray: true, description: 'In precedence order' }) bands!: string[];
  @ApiProperty({ enum: ALL_GRADES, isArray: true, description: 'Lowest rank first' }) grades!: string[];
}

export class StaffGroupsView {
  @ApiProperty({ type: [StaffGroupView] }) items!: StaffGroupView[];
  @ApiProperty({ type: String, nullable: true, description: 'Always null: the list is complete' }) nextCursor!: null;
}

export class BankHolidayView {
  @ApiProperty({ format: 'date', example: '2026-12-28' }) date!: string;
  @ApiProperty({ example: 'Boxing Day (substitute day)' }) name!: string;
}

export class BankHolidayYearQuery {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  year?: number;
}

export class PutBankHolidayDto {
  @ApiProperty({ example: 'Coronation of King Charles III' })
  @IsString()
  @Length(1, 200)
  name!: string;
}
