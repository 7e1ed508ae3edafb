import { Module } from '@nestjs/common';
import { AuthModule } from '../../core/auth/auth.module.js';
import { WebSessions } from '../../core/web/web-session.js';
import { AgenciesModule } from '../agencies/index.js';
import { BookingsModule } from '../bookings/index.js';
import { ComplianceModule } from '../compliance/index.js';
import { DashboardModule } from '../dashboard/index.js';
import { FillModule } from '../fill/index.js';
import { InvoicesModule } from '../invoices/index.js';
import { MeModule } from '../me/index.js';
import { WorkforceModule } from '../workforce/index.js';
import { OrganisationsModule } from '../organisations/index.js';
import { ReportsModule } from '../reports/index.js';
import { RateCardsModule } from '../rate-cards/index.js';
import { ShiftsModule } from '../shifts/index.js';
import { SubmissionsModule } from '../submissions/index.js';
import { OidcClient } from './oidc-client.js';
import { WebRouter } from './web-router.js';

/** People's pages and sign-in: on top of every module it shows, below only the composition root. */
@Module({
  imports: [
    AgenciesModule,
    AuthModule,
    BookingsModule,
    ComplianceModule,
    DashboardModule,
    FillModule,
    InvoicesModule,
    MeModule,
    OrganisationsModule,
    RateCardsModule,
    ReportsModule,
    ShiftsModule,
    SubmissionsModule,
    WorkforceModule,
  ],
  providers: [WebSessions, OidcClient, WebRouter],
  exports: [WebRouter],
})
export class WebModule {}
