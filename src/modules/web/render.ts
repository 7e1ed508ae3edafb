import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { Role } from '../../core/auth/api-key.entity.js';
import type { Principal } from '../../core/auth/principal.js';
import {
  bandName,
  CARD_STATUS_NAMES,
  gradeName,
  hours,
  lastDay,
  londonTime,
  longDate,
  pounds,
  RELEASE_STAGE_NAMES,
  ROLE_NAMES,
  shiftTimes,
  SIGNOFF_NAMES,
  STATUS_NAMES,
  staffGroupName,
} from './words.js';

const here = dirname(fileURLToPath(import.meta.url));
/** nhsuk-frontend's `dist` folder: its templates are imported as "nhsuk/components/…". */
export const NHSUK_DIST = join(dirname(createRequire(import.meta.url).resolve('nhsuk-frontend')), '..');
export const WEB_ASSETS = join(here, 'assets');
/** Chart.js's `dist` folder: its UMD build defines the global `Chart` the reports page draws with. */
export const CHARTJS_DIST = dirname(createRequire(import.meta.url).resolve('chart.js'));

/** Nunjucks over our views and the NHS.UK frontend's macros; every value is escaped unless marked safe. */
export const views = new nunjucks.Environment(new nunjucks.FileSystemLoader([join(here, 'views'), NHSUK_DIST]), {
  autoescape: true,
  throwOnUndefined: false,
});
views.addFilter('pounds', pounds);
views.addFilter('londonTime', londonTime);
views.addFilter('staffGroup', staffGroupName);
views.addFilter('grade', gradeName);
views.addFilter('hours', hours);
views.addFilter('status', (status: string) => STATUS_NAMES[status] ?? status);
views.addFilter('signoff', (level: string | null) => (level ? (SIGNOFF_NAMES[level] ?? level) : 'none'));
views.addFilter('band', bandName);
views.addFilter('longDate', longDate);
views.addFilter('lastDay', lastDay);
views.addFilter('cardStatus', (status: string) => CARD_STATUS_NAMES[status] ?? status);
views.addGlobal('shiftTimes', shiftTimes);
views.addFilter('releaseStage', (stage: string) => RELEASE_STAGE_NAMES[stage] ?? stage);
/**
 * Data for a page's script, in a `<script type="application/json">` element: `<`, `>` and `&`
 * (and the two JavaScript line separators) are escaped, so no value can close the element.
 */
views.addFilter(
  'jsonScript',
  (data: unknown) =>
    new nunjucks.runtime.SafeString(
      JSON.stringify(data).replace(
        /[<>&\u2028\u2029]/g,
        (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
      ),
    ),
);

interface NavItem {
  href: string;
  text: string;
  roles: Role[];
  /** A bank worker's own pages: not an admin's, who is no bank worker. */
  workerOnly?: boolean;
}

/** The header's links, by role (admin sees them all). */
const NAVIGATION: NavItem[] = [
  { href: '/shifts', text: 'Open shifts', roles: ['rota_manager', 'approver', 'workforce_lead'] },
  { href: '/approvals', text: 'Approvals', roles: ['approver'] },
  { href: '/reports', text: 'Reports', roles: ['workforce_lead'] },
  { href: '/breaches', text: 'Breaches', roles: ['workforce_lead'] },
  { href: '/invoices', text: 'Invoices', roles: ['workforce_lead'] },
  { href: '/rate-cards', text: 'Rate cards', roles: ['workforce_lead'] },
  { href: '/admin/users', text: 'People', roles: [] },
  { href: '/admin/api-keys', text: 'API keys', roles: [] },
  { href: '/me', text: 'Your shifts', roles: ['bank_worker'], workerOnly: true },
  { href: '/me/timesheets', text: 'Timesheets', roles: ['bank_worker'], workerOnly: true },
  { href: '/agency', text: 'Released shifts', roles: ['agency'], workerOnly: true },
  { href: '/agency/bookings', text: 'Bookings', roles: ['agency'], workerOnly: true },
];

/** What every page's layout needs: who is signed in, the links they may follow, the form token. */
export interface PageFrame {
  person: { name: string; role: string } | null;
  navigation: { href: string; text: string; current: boolean }[];
  csrfToken: string | null;
  flash: string | null;
}

export function pageFrame(
  principal: Principal | null,
  person: { name: string } | null,
  path: string,
  csrfToken: string | null,
  flash: string | null,
): PageFrame {
  const items = principal
    ? NAVIGATION.filter((item) => (principal.role === 'admin' ? !item.workerOnly : item.roles.includes(principal.role)))
    : [];
  // The one link the page is under: the longest that matches (/me/timesheets is not also /me).
  const current = items
    .filter((item) => path === item.href || path.startsWith(`${item.href}/`))
    .reduce<NavItem | null>((best, item) => (best && best.href.length >= item.href.length ? best : item), null);
  const navigation = items.map((item) => ({ href: item.href, text: item.text, current: item === current }));
  return {
    person: principal && person ? { name: person.name, role: ROLE_NAMES[principal.role] } : null,
    navigation,
    csrfToken,
    flash,
  };
}

export const renderPage = (template: string, context: object): string => views.render(template, context);
