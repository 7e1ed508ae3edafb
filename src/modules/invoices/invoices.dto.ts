import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../core/pagination/page.js';
import { IsIsoDate } from '../../core/validation/is-iso-date.js';
import { INVOICE_LINE_STATUSES, type InvoiceLineStatus } from './invoice-rules.js';

/** The most lines one invoice may carry. */
export const MAX_INVOICE_LINES = 2_000;

export class InvoiceLineDto {
  @ApiProperty({
    description:
      'The booking invoiced, as the agency knows it: a booking id; anything else is kept as sent (no_booking)',
    example: '0b7d7c4e-3c3e-4d55-9f7e-1f1f1f1f1f1f',
  })
  @IsString()
  @Length(1, 100)
  // Printable text only: a reference is shown back as sent.
  @Matches(/^\P{Cc}+$/u, { message: 'bookingId must be printable text' })
  bookingId!: string;

  @ApiProperty({ example: 660, description: 'Paid minutes invoiced' })
  @IsInt()
  @Min(0)
  @Max(1440)
  paidMinutes!: number;

  @ApiProperty({ example: 44000, description: 'Charged excluding VAT, pence' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  amountPence!: number;
}

/** An invoice's own fields (also each row of an invoices import). */
export class InvoiceHeaderDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The agency invoicing; an agency caller’s own by default' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @ApiProperty({ example: 'INV-2025-0042', description: 'The agency’s own number, unique per agency' })
  @IsString()
  @Length(1, 64)
  @Matches(/^\P{Cc}+$/u, { message: 'invoiceNumber must be printable text' })
  invoiceNumber!: string;

  @ApiProperty({ format: 'date', example: '2025-04-30' })
  @IsIsoDate()
  issuedOn!: string;
}

export class CreateInvoiceDto extends InvoiceHeaderDto {
  @ApiProperty({ type: [InvoiceLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_INVOICE_LINES)
  // ValidateNested passes a nested array as if it were a line.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineDto)
  lines!: InvoiceLineDto[];
}

export class ListInvoicesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  systemId?: string;

  @ApiPropertyOptional({ enum: INVOICE_LINE_STATUSES, description: 'Invoices having at least one line of this status' })
  @IsOptional()
  @IsIn(INVOICE_LINE_STATUSES)
  status?: InvoiceLineStatus;
}

export class InvoiceLineView {
  @ApiProperty() lineNo!: number;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null when the line names no booking of the agency',
  })
  bookingId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The shift of the booking named' })
  shiftId!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Its local start date' })
  shiftDate!: string | null;
  @ApiProperty({ description: 'The booking reference as sent' }) bookingRef!: string;
  @ApiProperty() paidMinutes!: number;
  @ApiProperty({ description: 'Charged excluding VAT, pence' }) amountPence!: number;
  @ApiProperty({ enum: INVOICE_LINE_STATUSES }) status!: InvoiceLineStatus;
  @ApiProperty({
    description:
      'The amount for a matched line; the contract cost of the timesheet’s times (at most the amount) for an over_* line; else 0',
  })
  validatedPence!: number;
  @ApiProperty({ description: 'amountPence − validatedPence' }) disputedPence!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The timesheet’s paid minutes' })
  timesheetPaidMinutes!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The timesheet’s times at the booking’s rates' })
  contractCostPence!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The timesheet’s times at the national cap in force' })
  capCostPence!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'The sign-off level the amount needs' })
  requiredSignoff!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The booking’s approval when judged' })
  approvalLevel!: string | null;
}

export class InvoiceSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty({ format: 'uuid' }) systemId!: string;
  @ApiProperty() invoiceNumber!: string;
  @ApiProperty({ format: 'date' }) issuedOn!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ description: 'Σ line amounts, pence excluding VAT' }) invoicedPence!: number;
  @ApiProperty({ description: 'Σ validated amounts' }) validatedPence!: number;
  @ApiProperty({ description: 'invoicedPence − validatedPence' }) disputedPence!: number;
  @ApiProperty() lineCount!: number;
  @ApiProperty({ description: 'Lines not matched' }) disputedLineCount!: number;
}

export class InvoiceView extends InvoiceSummaryView {
  @ApiProperty({ type: [InvoiceLineView] }) lines!: InvoiceLineView[];
}
