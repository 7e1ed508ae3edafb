import { ROLES, type Role } from '../../src/core/auth/api-key.entity.js';
import { bankWorkerCsv, DATASET_WEEK, type Dataset, type SystemFixture } from './dataset.js';

/** The parts of an OpenAPI 3.0 document the walks read. */
export interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  example?: unknown;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { content: Record<string, { schema: SchemaObject }> };
  security?: unknown[];
  'x-roles'?: Role[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, SchemaObject> };
}

export interface Operation {
  /** `POST /api/v1/shifts`, as the tables below name it. */
  key: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  /** The roles the document says may call it; null on a public route. */
  roles: Role[] | null;
  pathParameters: string[];
  queryParameters: ParameterObject[];
  /** The JSON body's schema, resolved one level. */
  bodySchema: SchemaObject | null;
  bodyContentTypes: string[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    METHODS.filter((method) => operations[method]).map((method): Operation => {
      const operation = operations[method]!;
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      return {
        key: `${method.toUpperCase()} ${path}`,
        method,
        path,
        roles: operation.security?.length ? (operation['x-roles'] ?? []) : null,
        pathParameters: parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
        queryParameters: parameters.filter((parameter) => parameter.in === 'query'),
        bodySchema: json ? resolve(document, json) : null,
        bodyContentTypes: Object.keys(content),
      };
    }),
  );
}

export function resolve(document: OpenApiDocument, schema: SchemaObject): SchemaObject {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = document.components.schemas[name];
  if (!target) throw new Error(`the document has no schema ${name}`);
  return resolve(document, target);
}

/** The roles a route refuses (admin may call every route). */
export const refusedRoles = (operation: Operation): Role[] =>
  ROLES.filter((role) => role !== 'admin' && !(operation.roles ?? []).includes(role));

export interface RequestShape {
  params: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
  /** Where the body is not JSON (a CSV import). */
  contentType?: string;
}

/** A path parameter's value, by the collection it follows in the path. */
const PATH_IDS: Record<string, (own: SystemFixture, dataset: Dataset) => string> = {
  'api-keys': (_own, dataset) => dataset.spareKeyId,
  users: (_own, dataset) => dataset.spareUserId,
  systems: (own) => own.systemId,
  trusts: (own) => own.trustId,
  'rate-cards': (own) => own.cardId,
  'bank-workers': (own) => own.workerId,
  'agency-contracts': (own) => own.contractId,
  shifts: (own) => own.openShiftId,
  bookings: (own) => own.pendingBookingId,
  'compliance-runs': (own) => own.runId,
  breaches: (own) => own.breachId,
  webhooks: (own) => own.webhookId,
  submissions: (own) => own.submissionId,
  'webhook-deliveries': (own) => own.deliveryId,
  'email-subscriptions': (own) => own.emailSubscriptionId,
  'bank-holidays': () => '2030-01-01',
  imports: (own) => own.importId,
  invoices: (own) => own.invoiceId,
};

/** The collection a path parameter names: the segment before it. */
export function collectionOf(path: string, parameter: string): string {
  const segments = path.split('/');
  const index = segments.indexOf(`{${parameter}}`);
  return segments[index - 1] ?? '';
}

/** A nursing band 5 day shift of `own`'s first trust, as a quote or a new shift gives it. */
const shiftFields = (own: SystemFixture, date: string) => ({
  trustId: own.trustId,
  staffGroup: 'nursing',
  grade: 'band5',
  startsAt: `${date}T08:00:00+01:00`,
  endsAt: `${date}T20:00:00+01:00`,
  breakMinutes: 60,
});
const cardLine = { staffGroup: 'nursing', grade: 'band5', band: 'day', agencyCapPence: 2600, bankRatePence: 1800 };
const contractLine = {
  staffGroup: 'nursing',
  grade: 'band5',
  band: 'day',
  chargeRatePence: 2500,
  workerPayPence: 1500,
};
const reportQuery = (own: SystemFixture) => ({
  systemId: own.systemId,
  trustId: own.trustId,
  from: DATASET_WEEK.from,
  to: DATASET_WEEK.to,
});

/**
 * A request each operation accepts, on `own` system's data: the bodies and queries that reach the
 * routes' logic. Operations without a body or a query of their own are absent; the walks fail on
 * an operation with a body or a required query that is missing here.
 */
export const VALID_REQUESTS: Record<
  string,
  (own: SystemFixture, dataset: Dataset, role?: Role) => Partial<RequestShape>
> = {
  'POST /api/v1/api-keys': (own) => ({ body: { name: 'Fixture key', role: 'rota_manager', systemId: own.systemId } }),
  'POST /api/v1/users': (own) => ({
    body: { email: 'fixture.person@dataset.test', role: 'rota_manager', systemId: own.systemId },
  }),
  'PATCH /api/v1/users/{id}': () => ({ body: { active: true } }),
  'GET /api/v1/reference/bank-holidays': () => ({ query: { year: '2025' } }),
  'PUT /api/v1/reference/bank-holidays/{date}': () => ({ body: { name: 'Fixture holiday' } }),
  'POST /api/v1/systems': () => ({ body: { code: 'FIXTURE', name: 'Fixture system' } }),
  'PATCH /api/v1/systems/{id}': () => ({ body: { name: 'Renamed system', settings: { recheckDays: 14 } } }),
  'POST /api/v1/trusts': (own) => ({ body: { systemId: own.systemId, odsCode: 'FIX01', name: 'Fixture trust' } }),
  'GET /api/v1/trusts': (own) => ({ query: { systemId: own.systemId } }),
  'POST /api/v1/trusts/{trustId}/wards': () => ({ body: { code: 'FIXWARD', name: 'Fixture ward' } }),
  'POST /api/v1/rate-cards': (own) => ({
    body: {
      scope: 'system',
      systemId: own.systemId,
      name: 'Fixture card',
      effectiveFrom: '2027-04-01',
      lines: [cardLine],
    },
  }),
  'GET /api/v1/rate-cards': (own) => ({ query: { scope: 'system', systemId: own.systemId, at: '2025-06-10' } }),
  'PUT /api/v1/rate-cards/{id}/lines': (own) => ({ params: { id: own.draftCardId }, body: { lines: [cardLine] } }),
  'POST /api/v1/rate-cards/{id}/publish': (own) => ({ params: { id: own.draftCardId } }),
  'GET /api/v1/rate-cards/{id}/diff': (own) => ({ query: { against: own.draftCardId } }),
  'POST /api/v1/quotes': (own) => ({ body: shiftFields(own, '2025-06-12') }),
  'POST /api/v1/bank-workers': (own) => ({
    body: { homeTrustId: own.trustId, displayName: 'Fixture nurse', staffGroup: 'nursing', grade: 'band5' },
  }),
  'GET /api/v1/bank-workers': (own) => ({
    query: { trustId: own.trustId, staffGroup: 'nursing', grade: 'band5', active: 'true' },
  }),
  'PATCH /api/v1/bank-workers/{id}': () => ({ body: { contractedWeeklyHours: 10 } }),
  'POST /api/v1/agencies': () => ({ body: { name: 'Fixture agency' } }),
  'POST /api/v1/agency-contracts': (own, dataset) => ({
    body: {
      agencyId: dataset.agencyId,
      systemId: own.systemId,
      framework: 'NHS Workforce Alliance',
      tier: 2,
      validFrom: '2026-01-01',
      lines: [contractLine],
    },
  }),
  'GET /api/v1/agency-contracts': (own, dataset) => ({
    query: { systemId: own.systemId, agencyId: dataset.agencyId, at: '2025-06-10' },
  }),
  'POST /api/v1/shifts': (own) => ({ body: { ...shiftFields(own, '2025-06-14'), wardId: own.wardId } }),
  'GET /api/v1/shifts': (own) => ({
    query: { trustId: own.trustId, status: 'open', from: '2025-06-01', to: '2025-07-01' },
  }),
  'PATCH /api/v1/shifts/{id}': () => ({ body: { breakMinutes: 45 } }),
  'POST /api/v1/shifts/{id}/cancel': () => ({ body: { reason: 'Ward closed' } }),
  'POST /api/v1/shifts/{id}/release': () => ({ body: { stage: 'agency_tier_3', reason: 'No bank cover' } }),
  'POST /api/v1/shifts/{id}/bookings': (own) => ({ body: { type: 'bank', bankWorkerId: own.workerId } }),
  'PUT /api/v1/shifts/{id}/timesheet': (own) => ({
    params: { id: own.bookedShiftId },
    body: {
      startedAt: '2025-06-11T08:00:00+01:00',
      endedAt: '2025-06-11T20:00:00+01:00',
      breakMinutes: 60,
      amountPence: 19800,
    },
  }),
  'GET /api/v1/bookings': (own) => ({ query: { trustId: own.trustId } }),
  'GET /api/v1/fill-suggestions': (own) => ({ query: { trustId: own.trustId } }),
  'POST /api/v1/bookings/{id}/approve': () => ({ body: { reason: 'No bank cover after three escalations' } }),
  'POST /api/v1/bookings/{id}/reject': () => ({ body: { reason: 'Too dear' } }),
  'POST /api/v1/bookings/{id}/cancel': () => ({ body: { reason: 'Not needed' } }),
  'POST /api/v1/shifts/{id}/offers': (own) => ({ body: { bankWorkerIds: [own.workerId] } }),
  // The bank worker's own booking (a bank_worker key is `own.workerId`).
  'POST /api/v1/me/bookings/{id}/cancel': (own) => ({ params: { id: own.bankBookingId }, body: { reason: 'Unwell' } }),
  'POST /api/v1/bookings/{id}/swap-to-bank': (own) => ({
    body: { bankWorkerId: own.workerId, reason: 'Bank worker free' },
  }),
  'POST /api/v1/compliance-runs': (own) => ({
    body: { systemId: own.systemId, from: DATASET_WEEK.from, to: DATASET_WEEK.to },
  }),
  'GET /api/v1/compliance-runs': (own) => ({ query: { systemId: own.systemId } }),
  'GET /api/v1/breaches': (own) => ({
    query: { systemId: own.systemId, trustId: own.trustId, from: DATASET_WEEK.from, to: DATASET_WEEK.to },
  }),
  'POST /api/v1/breaches/{id}/acknowledge': () => ({ body: { reason: 'Looking into it with the agency' } }),
  'POST /api/v1/breaches/{id}/justify': () => ({ body: { reason: 'Only agency with the skills that night' } }),
  'POST /api/v1/breaches/{id}/resolve': () => ({ body: { reason: 'Credited by the agency' } }),
  'POST /api/v1/webhooks': (own, dataset, role) => ({
    body:
      role === 'agency'
        ? { agencyId: dataset.agencyId, url: 'https://agency.example.com/fairshift', events: ['submission.accepted'] }
        : { systemId: own.systemId, url: 'https://rota.example.nhs.uk/fairshift-events', events: ['breach.opened'] },
  }),
  'GET /api/v1/agency/shifts/{id}': (own) => ({ params: { id: own.futureShiftId } }),
  'POST /api/v1/shifts/{id}/submissions': (own) => ({
    params: { id: own.futureShiftId },
    body: { candidate: { displayName: 'Walk nurse', registration: 'NMC 12A3456B' } },
  }),
  'GET /api/v1/shifts/{id}/submissions': (own) => ({ params: { id: own.submissionShiftId } }),
  'POST /api/v1/submissions/{id}/accept': () => ({ body: {} }),
  'POST /api/v1/submissions/{id}/decline': () => ({ body: { reason: 'Walked' } }),
  'POST /api/v1/submissions/{id}/withdraw': () => ({ body: { reason: 'Walked' } }),
  'GET /api/v1/webhooks': (own) => ({ query: { systemId: own.systemId } }),
  'GET /api/v1/webhooks/{id}/deliveries': () => ({ query: { status: 'delivered' } }),
  'POST /api/v1/email-subscriptions': (own) => ({
    body: { trustId: own.trustId, address: 'walk@example.nhs.uk', events: ['breach.opened'] },
  }),
  'GET /api/v1/email-subscriptions': (own) => ({ query: { systemId: own.systemId } }),
  'GET /api/v1/email-subscriptions/{id}/deliveries': () => ({ query: { status: 'delivered' } }),
  'GET /api/v1/alerts': (own) => ({ query: { trustId: own.trustId, since: '2025-01-01T00:00:00Z' } }),
  'GET /api/v1/reports/agency-spend': (own) => ({ query: { ...reportQuery(own), groupBy: 'agency' } }),
  'GET /api/v1/reports/cap-compliance': (own) => ({ query: reportQuery(own) }),
  'GET /api/v1/reports/rate-variation': (own) => ({ query: reportQuery(own) }),
  'GET /api/v1/reports/harmonisation-savings': (own) => ({ query: reportQuery(own) }),
  'GET /api/v1/reports/bank-first': (own) => ({ query: reportQuery(own) }),
  'GET /api/v1/reports/agency-submissions': (own) => ({ query: reportQuery(own) }),
  'GET /api/v1/reports/invoice-disputes': (own) => ({
    query: { systemId: own.systemId, trustId: own.trustId, from: '2025-06-01', to: '2025-07-01' },
  }),
  // A new invoice number each time: the pending booking again, so its line is a duplicate.
  'POST /api/v1/invoices': (own, dataset) => ({
    body: {
      agencyId: dataset.agencyId,
      invoiceNumber: `WALK-${Math.random().toString(36).slice(2)}`,
      issuedOn: '2025-06-30',
      lines: [{ bookingId: own.pendingBookingId, paidMinutes: 660, amountPence: 50_600 }],
    },
  }),
  'GET /api/v1/invoices': (own) => ({ query: { systemId: own.systemId } }),
  'GET /api/v1/reports/weekly-return': (own) => ({ query: { systemId: own.systemId, week: DATASET_WEEK.isoWeek } }),
  // A new file each time (imports are idempotent by content): a bank nurse of own's first trust.
  'POST /api/v1/imports/{kind}': (own) => ({
    params: { kind: 'bank-workers' },
    body: bankWorkerCsv(own.trustId, `WALK-${Math.random().toString(36).slice(2)}`),
    contentType: 'text/csv',
  }),
  'GET /api/v1/exports/{kind}': (own) => ({
    params: { kind: 'shifts' },
    query: { systemId: own.systemId, from: DATASET_WEEK.from, to: DATASET_WEEK.to },
  }),
};

/** Operations that need an entry in VALID_REQUESTS and have none. */
export const missingValidRequests = (operations: Operation[]): string[] =>
  operations
    .filter((operation) => operation.bodySchema || operation.queryParameters.some((parameter) => parameter.required))
    .map((operation) => operation.key)
    .filter((key) => !VALID_REQUESTS[key]);

/** The valid request of an operation on `own` system's data. */
/** Ids that differ by role: an agency's own webhook is not the system's. */
const ROLE_PATH_IDS: Partial<Record<Role, Record<string, (own: SystemFixture, dataset: Dataset) => string>>> = {
  agency: { webhooks: (_own, dataset) => dataset.agencyWebhookId },
};

export function validRequest(operation: Operation, own: SystemFixture, dataset: Dataset, role?: Role): RequestShape {
  const given = VALID_REQUESTS[operation.key]?.(own, dataset, role) ?? {};
  const params = Object.fromEntries(
    operation.pathParameters.map((name) => {
      const collection = collectionOf(operation.path, name);
      const pick = (role && ROLE_PATH_IDS[role]?.[collection]) || PATH_IDS[collection];
      if (!given.params?.[name] && !pick) throw new Error(`no id for {${name}} of ${operation.key}`);
      return [name, given.params?.[name] ?? pick!(own, dataset)];
    }),
  );
  return {
    params,
    query: given.query ?? {},
    ...(given.body !== undefined ? { body: given.body } : {}),
    ...(given.contentType ? { contentType: given.contentType } : {}),
  };
}

export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(params[name] ?? ''));
}
