import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/index.js';
import { OrganisationsModule } from '../organisations/index.js';
import { ReportsModule } from '../reports/index.js';
import { DashboardService } from './dashboard.service.js';

/**
 * The workforce lead's overview: every report of a system and window at once, and the breach
 * list, over the reports and breaches services. People's pages (`/reports`, `/breaches`) show it.
 */
@Module({
  imports: [OrganisationsModule, ReportsModule, ComplianceModule],
  providers: [DashboardService],
  exports: [DashboardService],
})
export class DashboardModule {}
