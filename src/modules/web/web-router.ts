import { Injectable } from '@nestjs/common';
import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import helmet from 'helmet';
import { join } from 'node:path';
import type { Role } from '../../core/auth/api-key.entity.js';
import { ApiKeysService } from '../../core/auth/api-keys.service.js';
import { LocalAccountsService } from '../../core/auth/local-accounts.service.js';
import { UsersService } from '../../core/auth/users.service.js';
import { AppConfig } from '../../core/config/app-config.js';
import { NotFoundError } from '../../core/errors/domain-errors.js';
import { WebSessions } from '../../core/web/web-session.js';
import { AgenciesService } from '../agencies/index.js';
import { BookedShiftsService, BookingsService, TimesheetsService } from '../bookings/index.js';
import { BreachesService } from '../compliance/index.js';
import { DashboardService } from '../dashboard/index.js';
import { FillService, OffersService, SuggestionsService } from '../fill/index.js';
import { InvoicesService } from '../invoices/index.js';
import { MeService } from '../me/index.js';
import { WorkforceService } from '../workforce/index.js';
import { OrganisationsService } from '../organisations/index.js';
import { ReportsService } from '../reports/index.js';
import { RateCardsService } from '../rate-cards/index.js';
import { ShiftsService } from '../shifts/index.js';
import { adminBankWorkerPages } from './admin-bank-worker-pages.js';
import { adminPages } from './admin-pages.js';
import { apiKeyPages } from './api-key-pages.js';
import { approvalPages } from './approval-pages.js';
import { breachPages } from './breach-pages.js';
import { invoicePages } from './invoice-pages.js';
import { mePages } from './me-pages.js';
import { agencyPages } from './agency-pages.js';
import { AgencyViewsService, SubmissionsService } from '../submissions/index.js';
import { OidcClient } from './oidc-client.js';
import { checkCsrf, type PageRequest, show, showMessage, signedIn } from './page-context.js';
import { rateCardPages, rateCardUploads } from './rate-card-pages.js';
import { CHARTJS_DIST, NHSUK_DIST, WEB_ASSETS } from './render.js';
import { reportPages } from './report-pages.js';
import { releasePages } from './release-pages.js';
import { shiftActionPages } from './shift-action-pages.js';
import { shiftPages } from './shift-pages.js';
import { localSignInPages } from './local-sign-in-pages.js';
import { signInPages } from './sign-in-pages.js';
import { webErrors } from './web-errors.js';

/** The paths people's pages answer (the rest go on to the API, the docs and the dashboard). */
const WEB_PATH =
  /^\/($|auth\/|me(\/|$)|agency(\/|$)|shifts(\/|$)|approvals(\/|$)|admin\/(users|api-keys)(\/|$)|rate-cards(\/|$)|reports(\/|$)|breaches(\/|$)|invoices(\/|$)|dashboard(\/breaches)?$|assets\/(nhsuk|fairshift|chartjs)\/)/;

/** What the API, its explorer and the operators' endpoints answer, whoever asks. */
const NOT_PAGES = /^\/(api|docs|docs-json|admin|healthz|metrics)(\/|$)/;

/** Where each role starts. */
const HOME: Record<Role, string> = {
  admin: '/admin/users',
  rota_manager: '/shifts',
  approver: '/approvals',
  workforce_lead: '/reports',
  integration: '/shifts',
  bank_worker: '/me',
  agency: '/agency',
};

/** Security headers with a CSP that allows no inline script; HSTS and upgrades in production. */
const securityHeaders = (production: boolean) =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'https://assets.nhs.uk'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: production,
    // Same-origin referrers let an error page's "Go back" return to the page the person was on.
    referrerPolicy: { policy: 'same-origin' },
  });

/**
 * People's web application (issue 15): an Express router mounted before the API's routes, so the
 * pages can live at `/shifts` beside `/api/v1/shifts`. Security headers with a CSP that allows no
 * inline script, sessions in PostgreSQL, a CSRF token on every form, and the pages themselves,
 * which call the same services as the API under the signed-in person's principal.
 */
@Injectable()
export class WebRouter {
  constructor(
    private readonly config: AppConfig,
    private readonly sessions: WebSessions,
    private readonly users: UsersService,
    private readonly oidc: OidcClient,
    readonly shifts: ShiftsService,
    readonly bookedShifts: BookedShiftsService,
    readonly bookings: BookingsService,
    readonly fill: FillService,
    readonly suggestions: SuggestionsService,
    readonly organisations: OrganisationsService,
    readonly dashboard: DashboardService,
    readonly breaches: BreachesService,
    readonly reports: ReportsService,
    readonly rateCards: RateCardsService,
    readonly timesheets: TimesheetsService,
    readonly apiKeys: ApiKeysService,
    readonly me: MeService,
    readonly offers: OffersService,
    readonly agencyViews: AgencyViewsService,
    readonly submissions: SubmissionsService,
    readonly invoices: InvoicesService,
    private readonly localAccounts: LocalAccountsService,
    private readonly workforce: WorkforceService,
    readonly agencies: AgenciesService,
  ) {}

  /**
   * The middleware to mount: it handles the web paths and passes everything else on, but for a
   * browser asking for an address that is nobody's, which gets the "page not found" page.
   */
  handler(): RequestHandler {
    const pages = this.pages();
    const strayPage = (request: Request) =>
      request.method === 'GET' && !NOT_PAGES.test(request.path) && request.accepts(['json', 'html']) === 'html';
    return (request: Request, response: Response, next: NextFunction) =>
      WEB_PATH.test(request.path) || strayPage(request) ? pages(request, response, next) : next();
  }

  private pages(): express.Router {
    const router = express.Router();
    const production = this.config.NODE_ENV === 'production';
    router.use(securityHeaders(production));
    const assets = { index: false, maxAge: '1h', fallthrough: false } as const;
    router.use('/assets/nhsuk', express.static(join(NHSUK_DIST, 'nhsuk'), assets));
    router.use('/assets/fairshift', express.static(WEB_ASSETS, assets));
    router.use('/assets/chartjs', express.static(CHARTJS_DIST, assets));
    // A file that is not there, or a path that tries to climb out, is a 404 (serve-static says 403 or 404).
    router.use('/assets', ((error, _request, _response, next) =>
      next(
        typeof (error as { status?: unknown })?.status === 'number' && (error as { status: number }).status < 500
          ? new NotFoundError('No such file')
          : error,
      )) as ErrorRequestHandler);
    router.use(this.sessions.middleware);
    router.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 }));
    // The rate-card CSV upload is multipart: read before the CSRF check reads its token.
    router.use(rateCardUploads);
    router.use(checkCsrf);

    const limits = { idleMinutes: this.config.SESSION_IDLE_MINUTES, absoluteHours: this.config.SESSION_ABSOLUTE_HOURS };
    const person = (...roles: Role[]) => signedIn(this.users, limits, roles);
    signInPages(router, this.oidc, this.users, this.config);
    localSignInPages(router, this.localAccounts);
    // The start page, or for someone signed in, their role's first page.
    router.get(
      '/',
      (request: PageRequest, response: Response, next: NextFunction) =>
        request.session?.userId
          ? next()
          : show(request, response, 'start.njk', { title: 'Fairshift', signInEnabled: this.oidc.enabled }),
      person('rota_manager', 'approver', 'workforce_lead', 'integration', 'bank_worker', 'agency'),
      (request: PageRequest, response: Response) => response.redirect(303, HOME[request.principal!.role]),
    );
    // Before shiftPages, so that /shifts/new is not taken for a shift's id.
    shiftActionPages(router, this, person('rota_manager'));
    releasePages(router, this, person('rota_manager'));
    shiftPages(router, this, {
      read: person('rota_manager', 'approver', 'workforce_lead'),
      book: person('rota_manager'),
    });
    approvalPages(router, this, person('approver'));
    mePages(router, this, person('bank_worker'));
    agencyPages(router, this, person('agency'));
    reportPages(router, this, person('workforce_lead'));
    breachPages(router, this, {
      read: person('workforce_lead', 'rota_manager', 'approver'),
      act: person('workforce_lead'),
    });
    rateCardPages(router, this, person('workforce_lead'));
    invoicePages(router, this, person('workforce_lead'));
    // Before adminPages, so that /admin/users/invite-bank-worker is not taken for a person's id.
    adminBankWorkerPages(
      router,
      { users: this.users, organisations: this.organisations, workforce: this.workforce },
      person(),
    );
    adminPages(
      router,
      {
        users: this.users,
        organisations: this.organisations,
        localAccounts: this.localAccounts,
        agencies: this.agencies,
      },
      person(),
    );
    apiKeyPages(router, this, person());
    router.use((request: PageRequest, response: Response) =>
      showMessage(request, response, 404, 'Page not found', ['Check the address, or start again.'], {
        text: 'Start',
        href: '/',
      }),
    );
    router.use(webErrors);
    return router;
  }
}
