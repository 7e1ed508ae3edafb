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
import { OrganisationsModule } from './modules/organisations/organisations.module.js';
import { AgenciesModule } from './modules/agencies/agencies.module.js';
import { BookingsModule } from './modules/bookings/bookings.module.js';
import { FillModule } from './modules/fill/fill.module.js';
import { RateCardsModule } from './modules/rate-cards/rate-cards.module.js';
import { ShiftsModule } from './modules/shifts/shifts.module.js';
import { WorkforceModule } from './modules/workforce/workforce.module.js';
import { ReferenceModule } from './modules/reference/reference.module.js';
import { ComplianceModule } from './modules/compliance/compliance.module.js';
import { AlertsModule } from './modules/alerts/alerts.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { DashboardModule } from './modules/dashboard/dashboard.module.js';
import { DASHBOARD_PATHS } from './modules/dashboard/dashboard.controller.js';
import { ImportsModule } from './modules/imports/imports.module.js';

/** The modules' pages served outside /api/v1, like the queue dashboard. */
export const API_UNPREFIXED_PATHS: readonly string[] = [...DASHBOARD_PATHS];

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
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
