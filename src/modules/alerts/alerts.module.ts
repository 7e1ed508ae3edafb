import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller.js';
import { AlertsService } from './alerts.service.js';
import { AlertsWorker } from './alerts.worker.js';

/** The api's side: webhook subscriptions, their deliveries, the in-app feed. */
@Module({
  controllers: [AlertsController],
  providers: [AlertsService],
})
export class AlertsModule {}

/** The worker's side: dispatch, signed delivery with retries, daily digests, the sweep. */
@Module({
  providers: [AlertsWorker],
  exports: [AlertsWorker],
})
export class AlertsWorkerModule {}
