import { ApiProperty } from '@nestjs/swagger';
import { IMPORT_KINDS, IMPORT_STATUSES } from './import.entity.js';

export class ImportRowErrorView {
  @ApiProperty({ description: 'Line of the file (the header is line 1); 0 for the file as a whole' }) row!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The column, where one is at fault' }) field!:
    string | null;
  @ApiProperty() message!: string;
}

export class ImportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: IMPORT_KINDS }) kind!: string;
  @ApiProperty({ enum: IMPORT_STATUSES }) status!: string;
  @ApiProperty({ description: 'Hex SHA-256 of the file: the same file in the same kind and scope is this import' })
  sha256!: string;
  @ApiProperty() byteSize!: number;
  @ApiProperty({ description: 'Data rows read (the header not counted)' }) rows!: number;
  @ApiProperty({ description: 'Records created' }) created!: number;
  @ApiProperty({ description: 'Records updated (an externalRef already known)' }) updated!: number;
  @ApiProperty({ description: 'Rows identical to what is stored' }) unchanged!: number;
  @ApiProperty({ description: 'Every row error found (nothing is written when there is one)' }) errorCount!: number;
  @ApiProperty({ type: [ImportRowErrorView], description: 'The first 1,000 row errors' })
  errors!: ImportRowErrorView[];
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: Date, nullable: true }) startedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) finishedAt!: Date | null;
}
