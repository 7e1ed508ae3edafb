import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/index.js';
import { OrganisationsModule } from '../organisations/index.js';
import { ReportsModule } from '../reports/index.js';
import { DashboardAssets } from './dashboard-assets.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardService } from './dashboard.service.js';

/** The workforce lead's dashboard at /dashboard, over the reports and breaches services. */
@Module({
  imports: [OrganisationsModule, ReportsModule, ComplianceModule],
  controllers: [DashboardController],
  providers: [DashboardService, DashboardAssets],
})
export class DashboardModule {}
