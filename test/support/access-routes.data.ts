// The table of every route the access tests call, with the roles and scopes each refuses.
import type { Organisation } from './factories.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteCase {
  name: string;
  method: Method;
  path: (ids: Ids) => string;
  body?: Record<string, unknown>;
  /** A role that may not call it. */
  forbiddenRole?: 'rota_manager' | 'integration' | 'workforce_lead';
  /** The same call aimed at the other system's resource, made with a key that may call it in its own scope. */
  outOfScope?: (ids: Ids) => string;
  /** The role used for the out-of-scope call. */
  scopedRole?: 'workforce_lead' | 'rota_manager';
  /** A list whose query parameters are validated. */
  listQuery?: true;
}

export interface Ids extends Organisation {
  otherSystemId: string;
  foreignTrustId: string;
  systemCardId: string;
  otherSystemCardId: string;
  foreignWorkerId: string;
  foreignContractId: string;
  foreignShiftId: string;
}

export const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
/** The foreign shift the access fixture posts; it fills in the trust and ward. */
export const SHIFT = {
  trustId: '',
  wardId: '',
  staffGroup: 'nursing',
  grade: 'band5',
  startsAt: '2025-06-10T08:00:00+01:00',
  endsAt: '2025-06-10T16:00:00+01:00',
  breakMinutes: 30,
};
/** A quote at the foreign trust; the access fixture fills in the trust. */
export const QUOTE = {
  trustId: '',
  staffGroup: 'nursing',
  grade: 'band5',
  startsAt: '2025-06-10T08:00:00+01:00',
  endsAt: '2025-06-10T16:00:00+01:00',
  breakMinutes: 30,
};

export const ROUTES: RouteCase[] = [
  {
    name: 'import a file',
    method: 'post',
    path: () => '/api/v1/imports/shifts',
    forbiddenRole: 'workforce_lead',
  },
  { name: 'read an import', method: 'get', path: () => `/api/v1/imports/${NO_SUCH_ID}` },
  {
    name: 'export shifts',
    method: 'get',
    path: (ids) => `/api/v1/exports/shifts?systemId=${ids.systemId}&from=2025-06-01&to=2025-07-01`,
    outOfScope: (ids) => `/api/v1/exports/shifts?systemId=${ids.otherSystemId}&from=2025-06-01&to=2025-07-01`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'create an API key',
    method: 'post',
    path: () => '/api/v1/api-keys',
    body: { name: 'k', role: 'admin' },
    forbiddenRole: 'workforce_lead',
  },
  {
    name: 'list API keys',
    method: 'get',
    path: () => '/api/v1/api-keys',
    forbiddenRole: 'workforce_lead',
    listQuery: true,
  },
  {
    name: 'revoke an API key',
    method: 'delete',
    path: () => '/api/v1/api-keys/00000000-0000-4000-8000-000000000000',
    forbiddenRole: 'workforce_lead',
  },
  {
    name: 'create a system',
    method: 'post',
    path: () => '/api/v1/systems',
    body: { code: 'NEW', name: 'n' },
    forbiddenRole: 'workforce_lead',
  },
  { name: 'list systems', method: 'get', path: () => '/api/v1/systems', listQuery: true },
  {
    name: 'read a system',
    method: 'get',
    path: (ids) => `/api/v1/systems/${ids.systemId}`,
    outOfScope: (ids) => `/api/v1/systems/${ids.otherSystemId}`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'change a system',
    method: 'patch',
    path: (ids) => `/api/v1/systems/${ids.systemId}`,
    body: { name: 'Renamed' },
    forbiddenRole: 'workforce_lead',
  },
  {
    name: 'create a trust',
    method: 'post',
    path: () => '/api/v1/trusts',
    body: { systemId: '00000000-0000-4000-8000-000000000000', odsCode: 'ZZZ', name: 'n' },
    forbiddenRole: 'workforce_lead',
  },
  { name: 'list trusts', method: 'get', path: () => '/api/v1/trusts', listQuery: true },
  {
    name: 'read a trust',
    method: 'get',
    path: (ids) => `/api/v1/trusts/${ids.trustId}`,
    outOfScope: (ids) => `/api/v1/trusts/${ids.foreignTrustId}`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'create a ward',
    method: 'post',
    path: (ids) => `/api/v1/trusts/${ids.trustId}/wards`,
    body: { code: 'NEWWARD', name: 'n' },
    forbiddenRole: 'workforce_lead',
    outOfScope: (ids) => `/api/v1/trusts/${ids.foreignTrustId}/wards`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'list wards',
    method: 'get',
    path: (ids) => `/api/v1/trusts/${ids.trustId}/wards`,
    outOfScope: (ids) => `/api/v1/trusts/${ids.foreignTrustId}/wards`,
    scopedRole: 'rota_manager',
    listQuery: true,
  },
  { name: 'list staff groups', method: 'get', path: () => '/api/v1/reference/staff-groups' },
  { name: 'list bank holidays', method: 'get', path: () => '/api/v1/reference/bank-holidays?year=2026' },
  {
    name: 'set a bank holiday',
    method: 'put',
    path: () => '/api/v1/reference/bank-holidays/2030-01-01',
    body: { name: 'x' },
    forbiddenRole: 'rota_manager',
  },
  {
    name: 'delete a bank holiday',
    method: 'delete',
    path: () => '/api/v1/reference/bank-holidays/2030-01-01',
    forbiddenRole: 'rota_manager',
  },
  { name: 'scrape metrics', method: 'get', path: () => '/metrics' },
  {
    name: 'create a rate card',
    method: 'post',
    path: () => '/api/v1/rate-cards',
    body: {
      scope: 'system',
      systemId: '00000000-0000-4000-8000-000000000000',
      name: 'n',
      effectiveFrom: '2030-01-01',
      lines: [],
    },
    forbiddenRole: 'rota_manager',
  },
  {
    name: 'replace a rate card’s lines',
    method: 'put',
    path: () => `/api/v1/rate-cards/${NO_SUCH_ID}/lines`,
    body: { lines: [] },
    forbiddenRole: 'rota_manager',
  },
  {
    name: 'publish a rate card',
    method: 'post',
    path: () => `/api/v1/rate-cards/${NO_SUCH_ID}/publish`,
    forbiddenRole: 'integration',
  },
  { name: 'list rate cards', method: 'get', path: () => '/api/v1/rate-cards', listQuery: true },
  {
    name: 'read a rate card',
    method: 'get',
    path: (ids) => `/api/v1/rate-cards/${ids.systemCardId}`,
    outOfScope: (ids) => `/api/v1/rate-cards/${ids.otherSystemCardId}`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'compare two rate cards',
    method: 'get',
    path: (ids) => `/api/v1/rate-cards/${ids.systemCardId}/diff?against=${ids.systemCardId}`,
    outOfScope: (ids) => `/api/v1/rate-cards/${ids.otherSystemCardId}/diff?against=${ids.otherSystemCardId}`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'export a rate card as CSV',
    method: 'get',
    path: (ids) => `/api/v1/rate-cards/${ids.systemCardId}/lines.csv`,
    outOfScope: (ids) => `/api/v1/rate-cards/${ids.otherSystemCardId}/lines.csv`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'quote a shift',
    method: 'post',
    path: () => '/api/v1/quotes',
    body: QUOTE,
    outOfScope: () => '/api/v1/quotes',
    scopedRole: 'rota_manager',
  },
  {
    name: 'create a bank worker',
    method: 'post',
    path: () => '/api/v1/bank-workers',
    body: { homeTrustId: NO_SUCH_ID, displayName: 'x', staffGroup: 'nursing', grade: 'band5' },
    forbiddenRole: 'workforce_lead',
  },
  { name: 'list bank workers', method: 'get', path: () => '/api/v1/bank-workers', listQuery: true },
  {
    name: 'read a bank worker',
    method: 'get',
    path: (ids) => `/api/v1/bank-workers/${ids.foreignWorkerId}`,
    outOfScope: (ids) => `/api/v1/bank-workers/${ids.foreignWorkerId}`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'change a bank worker',
    method: 'patch',
    path: (ids) => `/api/v1/bank-workers/${ids.foreignWorkerId}`,
    body: { active: true },
    forbiddenRole: 'workforce_lead',
    outOfScope: (ids) => `/api/v1/bank-workers/${ids.foreignWorkerId}`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'create an agency',
    method: 'post',
    path: () => '/api/v1/agencies',
    body: { name: 'x' },
    forbiddenRole: 'rota_manager',
  },
  { name: 'list agencies', method: 'get', path: () => '/api/v1/agencies', listQuery: true },
  {
    name: 'create an agency contract',
    method: 'post',
    path: () => '/api/v1/agency-contracts',
    body: { agencyId: NO_SUCH_ID, systemId: NO_SUCH_ID, framework: null, tier: 1, validFrom: '2025-01-01', lines: [] },
    forbiddenRole: 'rota_manager',
  },
  { name: 'list agency contracts', method: 'get', path: () => '/api/v1/agency-contracts', listQuery: true },
  {
    name: 'read an agency contract',
    method: 'get',
    path: (ids) => `/api/v1/agency-contracts/${ids.foreignContractId}`,
    outOfScope: (ids) => `/api/v1/agency-contracts/${ids.foreignContractId}`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'post a shift',
    method: 'post',
    path: () => '/api/v1/shifts',
    body: SHIFT,
    forbiddenRole: 'workforce_lead',
    outOfScope: () => '/api/v1/shifts',
    scopedRole: 'rota_manager',
  },
  { name: 'list shifts', method: 'get', path: () => '/api/v1/shifts', listQuery: true },
  {
    name: 'read a shift',
    method: 'get',
    path: (ids) => `/api/v1/shifts/${ids.foreignShiftId}`,
    outOfScope: (ids) => `/api/v1/shifts/${ids.foreignShiftId}`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'change a shift',
    method: 'patch',
    path: (ids) => `/api/v1/shifts/${ids.foreignShiftId}`,
    body: { breakMinutes: 0 },
    forbiddenRole: 'workforce_lead',
    outOfScope: (ids) => `/api/v1/shifts/${ids.foreignShiftId}`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'cancel a shift',
    method: 'post',
    path: (ids) => `/api/v1/shifts/${ids.foreignShiftId}/cancel`,
    body: { reason: 'x' },
    forbiddenRole: 'workforce_lead',
    outOfScope: (ids) => `/api/v1/shifts/${ids.foreignShiftId}/cancel`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'see a shift’s fill options',
    method: 'get',
    path: (ids) => `/api/v1/shifts/${ids.foreignShiftId}/fill-options`,
    outOfScope: (ids) => `/api/v1/shifts/${ids.foreignShiftId}/fill-options`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'book a shift',
    method: 'post',
    path: (ids) => `/api/v1/shifts/${ids.foreignShiftId}/bookings`,
    body: { type: 'bank', bankWorkerId: NO_SUCH_ID },
    forbiddenRole: 'workforce_lead',
    outOfScope: (ids) => `/api/v1/shifts/${ids.foreignShiftId}/bookings`,
    scopedRole: 'rota_manager',
  },
  { name: 'read a booking', method: 'get', path: () => `/api/v1/bookings/${NO_SUCH_ID}` },
  {
    name: 'enter a timesheet',
    method: 'put',
    path: (ids) => `/api/v1/shifts/${ids.foreignShiftId}/timesheet`,
    body: {
      startedAt: '2025-06-10T08:00:00+01:00',
      endedAt: '2025-06-10T16:00:00+01:00',
      breakMinutes: 0,
      amountPence: 1,
    },
    forbiddenRole: 'workforce_lead',
    outOfScope: (ids) => `/api/v1/shifts/${ids.foreignShiftId}/timesheet`,
    scopedRole: 'rota_manager',
  },
  {
    name: 'approve a booking',
    method: 'post',
    path: () => `/api/v1/bookings/${NO_SUCH_ID}/approve`,
    body: { reason: 'x' },
    forbiddenRole: 'rota_manager',
  },
  {
    name: 'reject a booking',
    method: 'post',
    path: () => `/api/v1/bookings/${NO_SUCH_ID}/reject`,
    body: { reason: 'x' },
    forbiddenRole: 'rota_manager',
  },
  {
    name: 'cancel a booking',
    method: 'post',
    path: () => `/api/v1/bookings/${NO_SUCH_ID}/cancel`,
    body: { reason: 'x' },
    forbiddenRole: 'workforce_lead',
  },
  {
    name: 'swap an agency booking to the bank',
    method: 'post',
    path: () => `/api/v1/bookings/${NO_SUCH_ID}/swap-to-bank`,
    body: { bankWorkerId: NO_SUCH_ID, reason: 'x' },
    forbiddenRole: 'workforce_lead',
  },
  {
    name: 'start a compliance run',
    method: 'post',
    path: () => '/api/v1/compliance-runs',
    body: { systemId: NO_SUCH_ID, from: '2025-06-01', to: '2025-06-08' },
    forbiddenRole: 'rota_manager',
  },
  { name: 'list compliance runs', method: 'get', path: () => '/api/v1/compliance-runs', listQuery: true },
  { name: 'read a compliance run', method: 'get', path: () => `/api/v1/compliance-runs/${NO_SUCH_ID}` },
  {
    name: 'list breaches',
    method: 'get',
    path: () => '/api/v1/breaches',
    forbiddenRole: 'integration',
    listQuery: true,
  },
  {
    name: 'read a breach',
    method: 'get',
    path: () => `/api/v1/breaches/${NO_SUCH_ID}`,
    forbiddenRole: 'integration',
  },
  {
    name: 'subscribe a webhook',
    method: 'post',
    path: () => '/api/v1/webhooks',
    body: { systemId: NO_SUCH_ID, url: 'https://example.org/hook', events: ['breach.opened'] },
    forbiddenRole: 'rota_manager',
  },
  {
    name: 'list webhooks',
    method: 'get',
    path: () => '/api/v1/webhooks',
    forbiddenRole: 'rota_manager',
    listQuery: true,
  },
  {
    name: 'deactivate a webhook',
    method: 'delete',
    path: () => `/api/v1/webhooks/${NO_SUCH_ID}`,
    forbiddenRole: 'rota_manager',
  },
  {
    name: 'list a webhook’s deliveries',
    method: 'get',
    path: () => `/api/v1/webhooks/${NO_SUCH_ID}/deliveries`,
    forbiddenRole: 'rota_manager',
    listQuery: true,
  },
  {
    name: 'redeliver a webhook delivery',
    method: 'post',
    path: () => `/api/v1/webhook-deliveries/${NO_SUCH_ID}/redeliver`,
    forbiddenRole: 'rota_manager',
  },
  {
    name: 'subscribe an address to e-mail alerts',
    method: 'post',
    path: () => '/api/v1/email-subscriptions',
    body: { trustId: NO_SUCH_ID, address: 'rota@example.nhs.uk', events: ['breach.opened'] },
    forbiddenRole: 'integration',
  },
  {
    name: 'list e-mail subscriptions',
    method: 'get',
    path: () => '/api/v1/email-subscriptions',
    forbiddenRole: 'integration',
    listQuery: true,
  },
  {
    name: 'remove an e-mail subscription',
    method: 'delete',
    path: () => `/api/v1/email-subscriptions/${NO_SUCH_ID}`,
    forbiddenRole: 'integration',
  },
  {
    name: 'list an e-mail subscription’s deliveries',
    method: 'get',
    path: () => `/api/v1/email-subscriptions/${NO_SUCH_ID}/deliveries`,
    forbiddenRole: 'integration',
    listQuery: true,
  },
  ...(['agency-spend', 'cap-compliance', 'rate-variation', 'harmonisation-savings', 'bank-first'] as const).map(
    (report): RouteCase => ({
      name: `read the ${report} report`,
      method: 'get',
      path: (ids) => `/api/v1/reports/${report}?systemId=${ids.systemId}&from=2025-06-01&to=2025-07-01`,
      forbiddenRole: 'rota_manager',
      outOfScope: (ids) => `/api/v1/reports/${report}?systemId=${ids.otherSystemId}&from=2025-06-01&to=2025-07-01`,
      scopedRole: 'workforce_lead',
    }),
  ),
  {
    name: 'download the weekly return',
    method: 'get',
    path: (ids) => `/api/v1/reports/weekly-return?systemId=${ids.systemId}&week=2025-W24`,
    forbiddenRole: 'rota_manager',
    outOfScope: (ids) => `/api/v1/reports/weekly-return?systemId=${ids.otherSystemId}&week=2025-W24`,
    scopedRole: 'workforce_lead',
  },
  {
    name: 'read the alert feed',
    method: 'get',
    path: () => '/api/v1/alerts',
    forbiddenRole: 'integration',
    listQuery: true,
  },
  ...(['acknowledge', 'justify', 'resolve'] as const).map((action): RouteCase => ({
    name: `${action} a breach`,
    method: 'post',
    path: () => `/api/v1/breaches/${NO_SUCH_ID}/${action}`,
    body: { reason: 'x' },
    forbiddenRole: 'rota_manager',
  })),
];
