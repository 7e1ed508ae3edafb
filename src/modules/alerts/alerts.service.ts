import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { subscriptionsInScope } from './subscription-scope.js';
import { AuditService } from '../../core/audit/audit.service.js';
import {
  coversSystem,
  coversTrust,
  governsSystem,
  isAdmin,
  type Principal,
  systemScope,
  trustScope,
} from '../../core/auth/principal.js';
import { AppConfig } from '../../core/config/app-config.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../../core/errors/domain-errors.js';
import { AGENCY_EVENT_TYPES, AlertEvent } from '../../core/outbox/alert-event.entity.js';
import { type Page, paginate } from '../../core/pagination/page.js';
import { QUEUES } from '../../core/queues/queue-names.js';
import { Trust } from '../organisations/index.js';
import { parseInstant } from '../time-bands/index.js';
import type {
  AlertView,
  CreatedWebhookView,
  CreateWebhookDto,
  DeliveryView,
  ListAlertsQuery,
  ListDeliveriesQuery,
  ListWebhooksQuery,
  WebhookView,
} from './alerts.dto.js';
import { deliveryJob, WEBHOOK_CHANNEL } from './delivery-channels.js';
import { isPrivateHost } from './private-addresses.js';
import { encryptSecret, newWebhookSecret, secretKey } from './secret-box.js';
import { WebhookDelivery, WebhookSubscription } from './webhook.entity.js';

const webhookView = (subscription: WebhookSubscription): WebhookView => ({
  id: subscription.id,
  systemId: subscription.systemId,
  trustId: subscription.trustId,
  agencyId: subscription.agencyId,
  url: subscription.url,
  events: subscription.events,
  active: subscription.active,
  createdAt: subscription.createdAt,
});

const deliveryView = (delivery: WebhookDelivery): DeliveryView => ({
  id: delivery.id,
  eventId: delivery.eventId,
  subscriptionId: delivery.subscriptionId,
  status: delivery.status,
  attempts: delivery.attempts,
  lastStatusCode: delivery.lastStatusCode,
  lastError: delivery.lastError,
  createdAt: delivery.createdAt,
  lastAttemptAt: delivery.lastAttemptAt,
  deliveredAt: delivery.deliveredAt,
});

const alertView = (event: AlertEvent): AlertView => ({
  id: event.id,
  event: event.type,
  systemId: event.systemId,
  trustId: event.trustId,
  occurredAt: event.occurredAt,
  data: event.data,
});

/** Webhook subscriptions and their deliveries, and the in-app feed of the same events. */
@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.alerts) private readonly queue: Queue,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async createWebhook(input: CreateWebhookDto, actor: Principal): Promise<CreatedWebhookView> {
    checkWebhookScope(input, actor);
    const url = new URL(input.url);
    const httpAllowed = this.config.WEBHOOK_ALLOW_HTTP && this.config.NODE_ENV !== 'production';
    if (url.protocol !== 'https:' && !(httpAllowed && url.protocol === 'http:')) {
      throw new InvalidInputError('Webhook URLs must use https', [{ field: 'url', message: 'must be an https URL' }]);
    }
    if (this.config.NODE_ENV === 'production' && (await isPrivateHost(url.hostname))) {
      throw new InvalidInputError('Webhook URLs must not point at private addresses', [
        { field: 'url', message: 'must be a public host' },
      ]);
    }
    if (input.systemId !== undefined && !governsSystem(actor, input.systemId)) {
      throw NotFoundError.of('system', input.systemId);
    }
    if (input.trustId !== undefined) {
      const trust = await this.dataSource.manager.findOneBy(Trust, { id: input.trustId });
      if (!trust || !coversTrust(actor, input.trustId)) throw NotFoundError.of('trust', input.trustId);
    }
    if (input.agencyId !== undefined) {
      const found: unknown[] = await this.dataSource.query(`SELECT 1 FROM agencies WHERE id = $1`, [input.agencyId]);
      if (found.length === 0 || (!isAdmin(actor) && actor.agencyId !== input.agencyId))
        throw NotFoundError.of('agency', input.agencyId);
    }
    const secret = newWebhookSecret();
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(WebhookSubscription, {
          systemId: input.systemId ?? null,
          trustId: input.trustId ?? null,
          agencyId: input.agencyId ?? null,
          url: input.url,
          events: input.events,
          secretEncrypted: encryptSecret(secret, secretKey(this.config.ALERTS_SECRET_KEY)),
          createdByKeyId: actor.keyId,
        }),
      );
      const created = webhookView(await manager.findOneByOrFail(WebhookSubscription, { id: saved.id }));
      await this.audit.record(manager, actor, 'webhook.create', 'webhook', saved.id, null, created);
      return { ...created, secret };
    });
  }

  async listWebhooks(query: ListWebhooksQuery, actor: Principal): Promise<Page<WebhookView>> {
    const webhooks = this.dataSource.getRepository(WebhookSubscription).createQueryBuilder('webhook');
    if (actor.role === 'agency') webhooks.where('webhook.agency_id = :agencyId', { agencyId: actor.agencyId });
    else subscriptionsInScope(webhooks, 'webhook', actor, query.systemId);
    const page = await paginate(webhooks, query, 'id');
    return { items: page.items.map(webhookView), nextCursor: page.nextCursor };
  }

  async removeWebhook(id: string, actor: Principal): Promise<WebhookView> {
    return this.dataSource.transaction(async (manager) => {
      const webhook = await this.findWebhook(id, actor);
      await manager.update(WebhookSubscription, { id }, { active: false });
      const after = webhookView(await manager.findOneByOrFail(WebhookSubscription, { id }));
      await this.audit.record(manager, actor, 'webhook.deactivate', 'webhook', id, webhookView(webhook), after);
      return after;
    });
  }

  async listDeliveries(id: string, query: ListDeliveriesQuery, actor: Principal): Promise<Page<DeliveryView>> {
    await this.findWebhook(id, actor);
    const deliveries = this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder('delivery')
      .where('delivery.subscription_id = :id', { id });
    if (query.status) deliveries.andWhere('delivery.status = :status', { status: query.status });
    const page = await paginate(deliveries, query, 'id');
    return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
  }

  /** Sends a delivery again from its first attempt: the same event id, a new job. */
  async redeliver(deliveryId: string, actor: Principal): Promise<DeliveryView> {
    const delivery = await this.dataSource.manager.findOneBy(WebhookDelivery, { id: deliveryId });
    if (!delivery) throw NotFoundError.of('delivery', deliveryId);
    await this.findWebhook(delivery.subscriptionId, actor).catch(() => {
      throw NotFoundError.of('delivery', deliveryId);
    });
    if (delivery.status === 'pending') throw new ConflictError('The delivery is still being attempted');
    const updated = await this.dataSource.transaction(async (manager) => {
      await manager.update(
        WebhookDelivery,
        { id: deliveryId },
        { status: 'pending', attempts: 0, round: delivery.round + 1, lastError: null },
      );
      await this.audit.record(manager, actor, 'webhook_delivery.redeliver', 'webhook_delivery', deliveryId, null, null);
      return manager.findOneByOrFail(WebhookDelivery, { id: deliveryId });
    });
    // A queue that is down leaves the delivery pending: the alerts sweep sends it.
    await this.queue.addBulk([deliveryJob(WEBHOOK_CHANNEL, updated, this.config)]).catch(() => undefined);
    return deliveryView(updated);
  }

  /** The in-app feed: events of the caller's scope, newest first. */
  async listAlerts(query: ListAlertsQuery, actor: Principal): Promise<Page<AlertView>> {
    const events = this.dataSource.getRepository(AlertEvent).createQueryBuilder('event');
    const systems = systemScope(actor);
    const trusts = trustScope(actor);
    if (systems && trusts) {
      // A trust's events, and the system-wide ones of systems the key governs.
      events.andWhere(
        `(event.trust_id = ANY(:trusts) OR (event.trust_id IS NULL AND event.system_id = ANY(:governed)))`,
        { trusts, governed: actor.systemId ? [actor.systemId] : [] },
      );
    }
    if (query.trustId) {
      if (!coversTrust(actor, query.trustId)) return { items: [], nextCursor: null };
      events.andWhere('event.trust_id = :trustId', { trustId: query.trustId });
    }
    if (query.since) events.andWhere('event.occurred_at >= :since', { since: new Date(parseInstant(query.since)!) });
    const page = await paginate(events, query, 'occurredAt', 'descending');
    return { items: page.items.map(alertView), nextCursor: page.nextCursor };
  }

  private async findWebhook(id: string, actor: Principal): Promise<WebhookSubscription> {
    const webhook = await this.dataSource.manager.findOneBy(WebhookSubscription, { id });
    const visible =
      webhook &&
      (actor.role === 'agency' ? webhook.agencyId === actor.agencyId : true) &&
      (webhook.agencyId ? isAdmin(actor) || webhook.agencyId === actor.agencyId : true) &&
      (webhook.systemId ? coversSystem(actor, webhook.systemId) && governsSystem(actor, webhook.systemId) : true) &&
      (webhook.trustId ? coversTrust(actor, webhook.trustId) : true);
    if (!webhook || !visible) throw NotFoundError.of('webhook', id);
    return webhook;
  }
}

/**
 * A webhook hears one system, one trust or one agency. An agency's own is made by the agency (or an
 * admin) and hears only the events addressed to it; an agency makes no other.
 */
function checkWebhookScope(input: CreateWebhookDto, actor: Principal): void {
  const given = [input.systemId, input.trustId, input.agencyId].filter((id) => id !== undefined).length;
  if (given !== 1)
    throw new InvalidInputError('Give one of systemId, trustId and agencyId', [
      { field: 'systemId', message: 'exactly one of systemId, trustId and agencyId' },
    ]);
  // An agency hears only what is addressed to it: any system or trust is outside its scope.
  if (actor.role === 'agency' && input.systemId !== undefined) throw NotFoundError.of('system', input.systemId);
  if (actor.role === 'agency' && input.trustId !== undefined) throw NotFoundError.of('trust', input.trustId);
  if (input.agencyId !== undefined && actor.role !== 'agency' && !isAdmin(actor))
    throw new InvalidInputError('Only an agency makes its own webhook', [
      { field: 'agencyId', message: 'agencies only' },
    ]);
  const foreign = input.events.filter((event) => !(AGENCY_EVENT_TYPES as readonly string[]).includes(event));
  if (input.agencyId !== undefined && foreign.length > 0)
    throw new InvalidInputError(`An agency’s webhook hears ${AGENCY_EVENT_TYPES.join(', ')}`, [
      { field: 'events', message: `not for an agency: ${foreign.join(', ')}` },
    ]);
}
