import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { Role } from '../../core/auth/api-key.entity.js';
import type { Principal } from '../../core/auth/principal.js';
import { londonTime, pounds, ROLE_NAMES, shiftTimes, SIGNOFF_NAMES, STATUS_NAMES, staffGroupName } from './words.js';

const here = dirname(fileURLToPath(import.meta.url));
/** nhsuk-frontend's `dist` folder: its templates are imported as "nhsuk/components/…". */
export const NHSUK_DIST = join(dirname(createRequire(import.meta.url).resolve('nhsuk-frontend')), '..');
export const WEB_ASSETS = join(here, 'assets');

/** Nunjucks over our views and the NHS.UK frontend's macros; every value is escaped unless marked safe. */
export const views = new nunjucks.Environment(new nunjucks.FileSystemLoader([join(here, 'views'), NHSUK_DIST]), {
  autoescape: true,
  throwOnUndefined: false,
});
views.addFilter('pounds', pounds);
views.addFilter('londonTime', londonTime);
views.addFilter('staffGroup', staffGroupName);
views.addFilter('grade', (grade: string) => grade.replace(/^band(\d.*)$/, 'Band $1'));
views.addFilter('status', (status: string) => STATUS_NAMES[status] ?? status);
views.addFilter('signoff', (level: string | null) => (level ? (SIGNOFF_NAMES[level] ?? level) : 'none'));
views.addGlobal('shiftTimes', shiftTimes);

interface NavItem {
  href: string;
  text: string;
  roles: Role[];
}

/** The header's links, by role (admin sees them all). */
const NAVIGATION: NavItem[] = [
  { href: '/shifts', text: 'Open shifts', roles: ['rota_manager', 'approver', 'workforce_lead'] },
  { href: '/approvals', text: 'Approvals', roles: ['approver'] },
  { href: '/admin/users', text: 'People', roles: [] },
  { href: '/admin/api-keys', text: 'API keys', roles: [] },
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
  const navigation = principal
    ? NAVIGATION.filter((item) => principal.role === 'admin' || item.roles.includes(principal.role)).map((item) => ({
        href: item.href,
        text: item.text,
        current: path === item.href || path.startsWith(`${item.href}/`),
      }))
    : [];
  return {
    person: principal && person ? { name: person.name, role: ROLE_NAMES[principal.role] } : null,
    navigation,
    csrfToken,
    flash,
  };
}

export const renderPage = (template: string, context: object): string => views.render(template, context);
