import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { ALERT_EVENT_TYPES } from '../../core/outbox/alert-event.entity.js';
import { PageQuery } from '../../core/pagination/page.js';
import { DeliveryView } from './alerts.dto.js';

/** One address is one mailbox however it is typed: trimmed and lower-cased before it is checked. */
const lowerCased = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class CreateEmailSubscriptionDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Every event of the system (or give trustId); not for rota managers, who subscribe per trust',
  })
  @IsOptional()
  @IsUUID()
  systemId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Every event of one trust (or give systemId)' })
  @IsOptional()
  @IsUUID()
  trustId?: string;

  @ApiProperty({
    example: 'rota.medway@example.nhs.uk',
    maxLength: 254,
    description:
      'Where the e-mails go; stored lower-cased. A rota manager signed in as a person may give only their own address',
  })
  @Transform(lowerCased)
  @IsString()
  @MaxLength(254)
  @IsEmail({ allow_display_name: false, allow_utf8_local_part: false, allow_ip_domain: false })
  address!: string;

  @ApiProperty({ enum: ALERT_EVENT_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALERT_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(ALERT_EVENT_TYPES, { each: true })
  events!: string[];
}

export class EmailSubscriptionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) systemId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) trustId!: string | null;
  @ApiProperty({ example: 'rota.medway@example.nhs.uk' }) address!: string;
  @ApiProperty({ enum: ALERT_EVENT_TYPES, isArray: true }) events!: string[];
  @ApiProperty({ description: 'False once removed: no more e-mails; its deliveries stay' }) active!: boolean;
  @ApiProperty() createdAt!: Date;
}

export class ListEmailSubscriptionsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Subscriptions of the system and of its trusts' })
  @IsOptional()
  @IsUUID()
  systemId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Subscriptions of one trust' })
  @IsOptional()
  @IsUUID()
  trustId?: string;
}

export class EmailDeliveryView extends DeliveryView {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The SMTP server’s last reply code: 250 accepted, 4xx retried, 5xx refused for good',
  })
  override lastStatusCode!: number | null;

  @ApiProperty({ nullable: true, type: String, description: 'The Message-ID of the accepted e-mail' })
  messageId!: string | null;
}
