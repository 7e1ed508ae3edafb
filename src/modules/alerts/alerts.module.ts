import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller.js';
import { AlertsService } from './alerts.service.js';
import { AlertsWorker } from './alerts.worker.js';
import { EmailSender } from './email-sender.js';
import { EmailSubscriptionsController } from './email-subscriptions.controller.js';
import { EmailSubscriptionsService } from './email-subscriptions.service.js';

/** The api's side: webhook and e-mail subscriptions, their deliveries, the in-app feed. */
@Module({
  controllers: [AlertsController, EmailSubscriptionsController],
  providers: [AlertsService, EmailSubscriptionsService],
  exports: [EmailSubscriptionsService],
})
export class AlertsModule {}

/** The worker's side: dispatch to every channel, delivery with retries, daily digests, the sweep. */
@Module({
  providers: [AlertsWorker, EmailSender],
  exports: [AlertsWorker],
})
export class AlertsWorkerModule {}
