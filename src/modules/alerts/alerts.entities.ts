import { EmailDelivery, EmailSubscription } from './email-subscription.entity.js';
import { WebhookDelivery, WebhookSubscription } from './webhook.entity.js';

/** This module's entities, for the data source the composition root assembles (src/entities.ts). */
export const ALERTS_ENTITIES = [WebhookSubscription, WebhookDelivery, EmailSubscription, EmailDelivery];
