import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './core/audit/audit.module.js';
import { AppConfigModule } from './core/config/config.module.js';
import { DatabaseModule } from './core/database/database.module.js';
import { ENTITIES } from './entities.js';
import { LoggingModule } from './core/logging/logging.module.js';
import { QueuesModule } from './core/queues/queues.module.js';
import { ComplianceWorkerModule } from './modules/compliance/index.js';
import { AlertsWorkerModule } from './modules/alerts/index.js';
import { ImportsWorkerModule } from './modules/imports/index.js';
import { ShiftsWorkerModule } from './modules/shifts/index.js';
import { FillWorkerModule } from './modules/fill/index.js';

/**
 * The worker: every BullMQ processor and job scheduler, no HTTP listener. Start as many as the
 * load needs, on any machine that reaches the same PostgreSQL and Redis.
 */
@Module({})
export class WorkerModule {
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(overrides),
        LoggingModule,
        DatabaseModule.forRoot(ENTITIES),
        QueuesModule.forRoot('worker'),
        AuditModule,
        ComplianceWorkerModule,
        AlertsWorkerModule,
        ImportsWorkerModule,
        ShiftsWorkerModule,
        FillWorkerModule,
      ],
    };
  }
}
