import { Module } from '@nestjs/common';
import { BreachesService } from './breaches.service.js';
import { ComplianceEngine } from './compliance-engine.js';
import { ComplianceRunsService } from './compliance-runs.service.js';
import { ComplianceController } from './compliance.controller.js';
import { ComplianceWorker } from './compliance.worker.js';

/** The api's side: runs requested and read, breaches listed and handled. */
@Module({
  controllers: [ComplianceController],
  providers: [ComplianceRunsService, BreachesService],
  exports: [BreachesService],
})
export class ComplianceModule {}

/** The worker's side: the engine, run chunks and parents, nightly runs, re-checks, schedulers. */
@Module({
  providers: [ComplianceEngine, ComplianceRunsService, ComplianceWorker],
})
export class ComplianceWorkerModule {}
