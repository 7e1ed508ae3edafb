import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { subscriptionsInScope } from './subscription-scope.js';
import { AuditService } from '../../core/audit/audit.service.js';
import { coversSystem, coversTrust, governsSystem, type Principal } from '../../core/auth/principal.js';
import { User } from '../../core/auth/user.entity.js';
import { AppConfig } from '../../core/config/app-config.js';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
} from '../../core/errors/domain-errors.js';
import { type Page, paginate } from '../../core/pagination/page.js';
import { Trust } from '../organisations/index.js';
import type { ListDeliveriesQuery } from './alerts.dto.js';
import type {
  CreateEmailSubscriptionDto,
  EmailDeliveryView,
  EmailSubscriptionView,
  ListEmailSubscriptionsQuery,
} from './email.dto.js';
import { EmailDelivery, EmailSubscription } from './email-subscription.entity.js';

const subscriptionView = (subscription: EmailSubscription): EmailSubscriptionView => ({
  id: subscription.id,
  systemId: subscription.systemId,
  trustId: subscription.trustId,
  address: subscription.address,
  events: subscription.events,
  active: subscription.active,
  createdAt: subscription.createdAt,
});

const deliveryView = (delivery: EmailDelivery): EmailDeliveryView => ({
  id: delivery.id,
  eventId: delivery.eventId,
  // Listed per subscription: never a delivery addressed to a person.
  subscriptionId: delivery.subscriptionId!,
  status: delivery.status,
  attempts: delivery.attempts,
  lastStatusCode: delivery.lastStatusCode,
  lastError: delivery.lastError,
  messageId: delivery.messageId,
  createdAt: delivery.createdAt,
  lastAttemptAt: delivery.lastAttemptAt,
  deliveredAt: delivery.deliveredAt,
});

/**
 * E-mail subscriptions and their deliveries (the worker sends them: alerts.worker.ts). Who may:
 * admins and workforce leads, as for webhooks, for a system they govern or a trust in scope; and
 * rota managers for a trust in their scope only. A rota manager's key may subscribe any address
 * (a team mailbox); a rota manager signed in as a person only their own e-mail, and sees and
 * removes only the subscriptions of that address.
 */
@Injectable()
export class EmailSubscriptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateEmailSubscriptionDto, actor: Principal): Promise<EmailSubscriptionView> {
    if ((input.systemId === undefined) === (input.trustId === undefined)) {
      throw new InvalidInputError('Give systemId or trustId, not both', [
        { field: 'systemId', message: 'exactly one of systemId and trustId' },
      ]);
    }
    if (input.systemId !== undefined) {
      if (actor.role === 'rota_manager') {
        throw new ForbiddenError('Rota managers subscribe for a trust of theirs: give trustId', [
          { field: 'systemId', message: 'rota managers give trustId instead' },
        ]);
      }
      if (!governsSystem(actor, input.systemId)) throw NotFoundError.of('system', input.systemId);
    }
    if (input.trustId !== undefined) {
      const trust = await this.dataSource.manager.findOneBy(Trust, { id: input.trustId });
      if (!trust || !coversTrust(actor, input.trustId)) throw NotFoundError.of('trust', input.trustId);
    }
    const own = await this.ownAddress(actor);
    if (own !== null && input.address !== own) {
      throw new ForbiddenError(`A rota manager may subscribe only their own e-mail address, ${own}`, [
        { field: 'address', message: `must be your own e-mail address, ${own}` },
      ]);
    }
    if (!this.config.SMTP_URL) {
      throw new RuleViolationError(
        'EMAIL_NOT_CONFIGURED',
        'E-mail is not set up on this service (SMTP_URL is not set), so no e-mail could be sent: use a webhook, or ask its operators',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      const same = await manager.findOneBy(EmailSubscription, {
        address: input.address,
        active: true,
        ...(input.systemId ? { systemId: input.systemId } : { trustId: input.trustId! }),
      });
      if (same) throw new ConflictError(`${input.address} is already subscribed here (subscription ${same.id})`);
      const saved = await manager.save(
        manager.create(EmailSubscription, {
          systemId: input.systemId ?? null,
          trustId: input.trustId ?? null,
          address: input.address,
          events: input.events,
          createdByKeyId: actor.keyId,
          createdByUserId: actor.userId,
        }),
      );
      const created = subscriptionView(await manager.findOneByOrFail(EmailSubscription, { id: saved.id }));
      await this.audit.record(
        manager,
        actor,
        'email_subscription.create',
        'email_subscription',
        saved.id,
        null,
        created,
      );
      return created;
    });
  }

  async list(query: ListEmailSubscriptionsQuery, actor: Principal): Promise<Page<EmailSubscriptionView>> {
    const subscriptions = subscriptionsInScope(
      this.dataSource.getRepository(EmailSubscription).createQueryBuilder('subscription'),
      'subscription',
      actor,
      query.systemId,
    );
    const own = await this.ownAddress(actor);
    if (own !== null) subscriptions.andWhere('subscription.address = :own', { own });
    if (query.trustId) subscriptions.andWhere('subscription.trust_id = :trustId', { trustId: query.trustId });
    const page = await paginate(subscriptions, query, 'id');
    return { items: page.items.map(subscriptionView), nextCursor: page.nextCursor };
  }

  /** Removed, not deleted: no more e-mails, and its deliveries stay to be read. */
  async remove(id: string, actor: Principal): Promise<EmailSubscriptionView> {
    return this.dataSource.transaction(async (manager) => {
      const subscription = await this.find(id, actor);
      await manager.update(EmailSubscription, { id }, { active: false });
      const after = subscriptionView(await manager.findOneByOrFail(EmailSubscription, { id }));
      const before = subscriptionView(subscription);
      await this.audit.record(manager, actor, 'email_subscription.remove', 'email_subscription', id, before, after);
      return after;
    });
  }

  async listDeliveries(id: string, query: ListDeliveriesQuery, actor: Principal): Promise<Page<EmailDeliveryView>> {
    await this.find(id, actor);
    const deliveries = this.dataSource
      .getRepository(EmailDelivery)
      .createQueryBuilder('delivery')
      .where('delivery.subscription_id = :id', { id });
    if (query.status) deliveries.andWhere('delivery.status = :status', { status: query.status });
    const page = await paginate(deliveries, query, 'id');
    return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
  }

  private async find(id: string, actor: Principal): Promise<EmailSubscription> {
    const subscription = await this.dataSource.manager.findOneBy(EmailSubscription, { id });
    const own = subscription ? await this.ownAddress(actor) : null;
    const visible =
      subscription &&
      (subscription.systemId
        ? coversSystem(actor, subscription.systemId) && governsSystem(actor, subscription.systemId)
        : true) &&
      (subscription.trustId ? coversTrust(actor, subscription.trustId) : true) &&
      (own === null || subscription.address === own);
    if (!subscription || !visible) throw NotFoundError.of('e-mail subscription', id);
    return subscription;
  }

  /** The one address a rota manager signed in as a person may subscribe; null for everyone else. */
  private async ownAddress(actor: Principal): Promise<string | null> {
    if (actor.role !== 'rota_manager' || actor.userId === null) return null;
    const user = await this.dataSource.manager.findOneBy(User, { id: actor.userId });
    // A person whose user is gone has no address of their own: nothing matches.
    return user?.email ?? '';
  }
}
