import { applyDecorators, Controller, Get, Header, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../../core/auth/current-principal.decorator.js';
import type { Principal } from '../../core/auth/principal.js';
import { BrowserPage, Public, Roles } from '../../core/auth/roles.decorator.js';
import { breachesPage } from './breaches.view.js';
import { DashboardAssets } from './dashboard-assets.js';
import { DashboardErrorFilter } from './dashboard-error.filter.js';
import { PAGE_HEADERS } from './dashboard-layout.js';
import { DashboardBreachesQuery, DashboardQuery } from './dashboard.dto.js';
import { DashboardService } from './dashboard.service.js';
import { overviewPage } from './overview.view.js';

/** Served outside the /api/v1 prefix, like the queue dashboard. */
export const DASHBOARD_PATHS = ['dashboard', 'dashboard/breaches', 'dashboard/assets/:file'];

const HtmlPage = () => applyDecorators(...Object.entries(PAGE_HEADERS).map(([name, value]) => Header(name, value)));

/**
 * The workforce lead's dashboard: HTML pages for a browser, which sends the API key as the
 * password of HTTP Basic. Not in the OpenAPI document: it is not part of the JSON API.
 */
@ApiExcludeController()
@Controller('dashboard')
@BrowserPage()
@Roles('admin', 'workforce_lead')
@UseFilters(DashboardErrorFilter)
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly assets: DashboardAssets,
  ) {}

  @Get()
  @HtmlPage()
  async overview(@Query() query: DashboardQuery, @CurrentPrincipal() principal: Principal): Promise<string> {
    return overviewPage(await this.dashboard.overview(query, principal));
  }

  @Get('breaches')
  @HtmlPage()
  async breaches(@Query() query: DashboardBreachesQuery, @CurrentPrincipal() principal: Principal): Promise<string> {
    return breachesPage(await this.dashboard.breachList(query, principal));
  }

  /** Scripts and styles hold no data: no key needed. */
  @Get('assets/:file')
  @Public()
  asset(@Param('file') file: string, @Req() request: Request, @Res() response: Response): void {
    this.assets.send(file, request, response);
  }
}
