import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuditModule } from './core/audit/audit.module.js';
import { AuthModule } from './core/auth/auth.module.js';
import { AppConfigModule } from './core/config/config.module.js';
import { DatabaseModule } from './core/database/database.module.js';
import { ENTITIES } from './entities.js';
import { ProblemFilter } from './core/errors/problem.filter.js';
import { createValidationPipe } from './core/errors/validation.js';
import { HealthModule } from './core/health/health.module.js';
import { LoggingModule } from './core/logging/logging.module.js';
import { MetricsModule } from './core/metrics/metrics.module.js';
import { QueuesModule } from './core/queues/queues.module.js';
import { OrganisationsModule } from './modules/organisations/index.js';
import { AgenciesModule } from './modules/agencies/index.js';
import { BookingsModule } from './modules/bookings/index.js';
import { FillModule } from './modules/fill/index.js';
import { RateCardsModule } from './modules/rate-cards/index.js';
import { ShiftsModule } from './modules/shifts/index.js';
import { WorkforceModule } from './modules/workforce/index.js';
import { ReferenceModule } from './modules/reference/index.js';
import { ComplianceModule } from './modules/compliance/index.js';
import { AlertsModule } from './modules/alerts/index.js';
import { ReportsModule } from './modules/reports/index.js';
import { DashboardModule } from './modules/dashboard/index.js';
import { ImportsModule } from './modules/imports/index.js';
import { InvoicesModule } from './modules/invoices/index.js';
import { MeModule } from './modules/me/index.js';
import { SubmissionsModule } from './modules/submissions/index.js';
import { WebModule } from './modules/web/index.js';

/**
 * The HTTP application. It validates, authorises, writes and answers; it produces jobs but runs
 * none. Pipes, filter and guard are APP_* providers so tests run exactly this pipeline.
 */
@Module({})
export class ApiModule {
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        AppConfigModule.forRoot(overrides),
        LoggingModule,
        DatabaseModule.forRoot(ENTITIES),
        QueuesModule.forRoot('producer'),
        AuditModule,
        AuthModule,
        HealthModule,
        MetricsModule,
        ReferenceModule,
        OrganisationsModule,
        RateCardsModule,
        WorkforceModule,
        AgenciesModule,
        ShiftsModule,
        FillModule,
        BookingsModule,
        ComplianceModule,
        AlertsModule,
        ReportsModule,
        DashboardModule,
        ImportsModule,
        InvoicesModule,
        MeModule,
        SubmissionsModule,
        WebModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
