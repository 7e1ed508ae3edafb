import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { ALERT_EVENT_TYPES } from '../../core/outbox/alert-event.entity.js';
import { PageQuery } from '../../core/pagination/page.js';
import { IsInstant } from '../reference/index.js';
import { DELIVERY_STATUSES } from './webhook.entity.js';

export class CreateWebhookDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Every event of the system (or give trustId)' })
  @IsOptional()
  @IsUUID()
  systemId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Every event of one trust (or give systemId)' })
  @IsOptional()
  @IsUUID()
  trustId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'An agency’s own webhook, made by the agency: the events addressed to it (submission.accepted, submission.declined, booking.cancelled)',
  })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @ApiProperty({
    example: 'https://rota.example.nhs.uk/fairshift-events',
    description: 'https (http only where allowed for local use)',
  })
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url!: string;

  @ApiProperty({ enum: ALERT_EVENT_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALERT_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(ALERT_EVENT_TYPES, { each: true })
  events!: string[];
}

export class WebhookView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) systemId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) trustId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) agencyId!: string | null;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: ALERT_EVENT_TYPES, isArray: true }) events!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: Date;
}

export class CreatedWebhookView extends WebhookView {
  @ApiProperty({
    description: 'Signing secret: shown once. Verify `Fairshift-Signature: sha256=<hex HMAC-SHA256 of the raw body>`',
  })
  secret!: string;
}

export class ListWebhooksQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  systemId?: string;
}

export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: string;
}

export class DeliveryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) lastAttemptAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) deliveredAt!: Date | null;
}

export class ListAlertsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  trustId?: string;

  @ApiPropertyOptional({ description: 'Events at or after this instant (ISO 8601 with offset)' })
  @IsOptional()
  @IsInstant()
  since?: string;
}

export class AlertView {
  @ApiProperty({ format: 'uuid', description: 'The event id, as sent to webhooks' }) id!: string;
  @ApiProperty({ enum: ALERT_EVENT_TYPES }) event!: string;
  @ApiProperty({ format: 'uuid' }) systemId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) trustId!: string | null;
  @ApiProperty() occurredAt!: Date;
  @ApiProperty({ type: Object, description: 'The breach, booking or digest' }) data!: Record<string, unknown>;
}
