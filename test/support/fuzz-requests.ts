import fc from 'fast-check';
import {
  collectionOf,
  type OpenApiDocument,
  type Operation,
  resolve,
  type SchemaObject,
  validRequest,
} from './api-operations.js';
import type { Dataset } from './dataset.js';

/** One generated request, raw: what goes on the wire. */
export interface FuzzRequest {
  url: string;
  contentType: string | null;
  body: string | null;
  /** Sent with the admin key (else a key of system A whose role the route allows). */
  asAdmin: boolean;
}

/** Ids that exist, by collection; grows with what the fuzzing itself creates. */
export type IdPools = Record<string, string[]>;

export function poolsOf(dataset: Dataset): IdPools {
  const both = <K extends keyof Dataset['a']>(key: K) => [dataset.a[key], dataset.b[key]];
  return {
    'api-keys': [dataset.spareKeyId],
    systems: both('systemId'),
    trusts: [...both('trustId'), ...both('otherTrustId')],
    wards: both('wardId'),
    'rate-cards': [...both('cardId'), ...both('draftCardId'), dataset.nationalCardId],
    'bank-workers': both('workerId'),
    agencies: [dataset.agencyId],
    'agency-contracts': both('contractId'),
    shifts: [...both('openShiftId'), ...both('bookedShiftId')],
    bookings: both('pendingBookingId'),
    'compliance-runs': both('runId'),
    breaches: both('breachId'),
    webhooks: both('webhookId'),
    'webhook-deliveries': both('deliveryId'),
    'email-subscriptions': both('emailSubscriptionId'),
    'bank-holidays': ['2025-12-25', '2030-01-01'],
  };
}

/** The collection a created resource joins: the last fixed segment of the path it was posted to. */
export const createdCollection = (path: string): string =>
  path
    .split('/')
    .filter((segment) => segment && !segment.startsWith('{'))
    .at(-1) ?? '';

/** The pool a uuid field's ids come from, by the field's name. */
const FIELD_POOLS: Record<string, string> = {
  trustId: 'trusts',
  homeTrustId: 'trusts',
  trustIds: 'trusts',
  clearedTrustIds: 'trusts',
  systemId: 'systems',
  wardId: 'wards',
  agencyId: 'agencies',
  agencyContractId: 'agency-contracts',
  bankWorkerId: 'bank-workers',
  against: 'rate-cards',
  bookingId: 'bookings',
  shiftId: 'shifts',
};

/** An id of the pool, chosen when the request is generated, so ids created earlier take part. */
const existingId = (pools: IdPools, pool: string) =>
  fc.nat().map((index) => {
    const ids = pools[pool] ?? [];
    return ids.length === 0 ? '00000000-0000-4000-8000-000000000000' : ids[index % ids.length]!;
  });

const isoDate = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const instant = fc
  .tuple(
    fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
    fc.constantFrom('Z', '+01:00', '+00:00', '-05:00'),
  )
  .map(([date, offset]) => date.toISOString().slice(0, 16) + ':00' + offset);

/** Values the schema allows (or nearly: strings and numbers within its stated bounds). */
export function fromSchema(
  document: OpenApiDocument,
  pools: IdPools,
  given: SchemaObject,
  name: string,
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolve(document, given);
  const value = ((): fc.Arbitrary<unknown> => {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    switch (schema.type) {
      case 'string':
        if (schema.format === 'uuid') {
          const pool = FIELD_POOLS[name];
          return pool ? fc.oneof({ weight: 4, arbitrary: existingId(pools, pool) }, fc.uuid()) : fc.uuid();
        }
        if (schema.format === 'date') return isoDate;
        if (/At$|^since$/.test(name)) return instant;
        return fc.oneof(
          schema.example === undefined ? fc.string({ minLength: 1, maxLength: 12 }) : fc.constant(schema.example),
          fc.string({ maxLength: 40 }),
        );
      case 'number':
      case 'integer':
        return fc.oneof(
          fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 100_000, 100_000) }),
          ...(schema.example === undefined ? [] : [fc.constant(schema.example)]),
        );
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 3
          ? fc.constant([])
          : fc.array(fromSchema(document, pools, schema.items ?? {}, name, depth + 1), { maxLength: 3 });
      default:
        if (schema.properties && depth <= 3) {
          const properties = Object.fromEntries(
            Object.entries(schema.properties).map(([key, property]) => [
              key,
              fromSchema(document, pools, property, key, depth + 1),
            ]),
          );
          return fc.record(properties, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
        }
        // A free-form object (band rates): band names to numbers.
        return fc.dictionary(
          fc.constantFrom('day', 'night', 'saturday', 'sunday', 'bank_holiday', 'core', 'x'),
          fc.integer({ min: -10, max: 100_000 }),
          { maxKeys: 3 },
        );
    }
  })();
  return schema.nullable ? fc.oneof({ weight: 5, arbitrary: value }, fc.constant(null)) : value;
}

/** Strings no field expects: bad dates, bad ids, odd unicode, huge, empty. */
const junkString = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'null',
      'undefined',
      'true',
      '0',
      '-1',
      '1e309',
      'NaN',
      '2025-02-30',
      '2025-13-01',
      '0000-00-00',
      '9999-12-31',
      '+275760-09-13',
      '2025-06-10T25:00:00+01:00',
      '2025-03-30T01:30:00',
      '2025-06-10T08:00:00.5+01:00',
      '2025-W99',
      '2025-W00',
      'not-a-uuid',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '6F9619FF-8B86-D011-B42D-00C04FC964FF',
      '{{7*7}}',
      "'; DROP TABLE shifts; --",
      '../../etc/passwd',
      '\u0000',
      'nul\u0000byte',
      '\u202Eevil',
      '\uD800',
      '👩🏽‍⚕️🏥',
      'ǅ̴̡̧̛̛̖̖̝͉͔',
      '* * * * * * *',
      '61 25 * * *',
    ),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((length) => 'x'.repeat(length)) },
  // Over JSON_BODY_LIMIT_BYTES: 413.
  { weight: 1, arbitrary: fc.constant('x'.repeat(1_100_000)) },
);

const junkNumber = fc.constantFrom(-1, 0, -0, 0.5, 1.5, -1e-9, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, 123456789012345);

/** Any value in the wrong place: wrong types, nulls, arrays where objects go, and the reverse. */
const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  junkString,
  junkNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant({}),
  fc.constant([]),
  fc.array(fc.oneof(junkString, junkNumber, fc.constant(null)), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(junkString, junkNumber), { minKeys: 1, maxKeys: 3 }),
);

const junkName = fc.oneof(
  fc.constantFrom('surprise', '__proto__', 'constructor', 'prototype', '', ' ', 'id', 'createdAt', 'status'),
  fc.string({ maxLength: 12 }),
);

type Path = (string | number)[];

/** Every field path in a JSON value, parents before children. */
function fieldPaths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => [[...prefix, index], ...fieldPaths(item, [...prefix, index])]);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...fieldPaths(item, [...prefix, key])]);
  }
  return [];
}

/** The schema of the value at `path`, when the document says. */
function schemaAt(document: OpenApiDocument, schema: SchemaObject | null, path: Path): SchemaObject | null {
  let current = schema;
  for (const step of path) {
    if (!current) return null;
    const resolved = resolve(document, current);
    current = typeof step === 'number' ? (resolved.items ?? null) : (resolved.properties?.[step] ?? null);
  }
  return current ? resolve(document, current) : null;
}

type Mutation =
  | { kind: 'remove'; pick: number }
  | { kind: 'replace'; pick: number; value: unknown }
  | { kind: 'extra'; pick: number; name: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: junkValue }),
  fc.record({ kind: fc.constant('extra' as const), pick: fc.nat(), name: junkName, value: junkValue }),
);

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Applies one mutation to a (cloned) JSON value; `pick` chooses the field, the root included. */
function mutate(root: unknown, given: Mutation): unknown {
  // Generated values can be shared (the constant {} and []): mutate copies only.
  const change = 'value' in given ? { ...given, value: clone(given.value) } : given;
  const paths: Path[] = [[], ...fieldPaths(root)];
  const path = paths[change.pick % paths.length]!;
  if (path.length === 0) {
    if (change.kind === 'replace') return change.value;
    if (change.kind === 'extra' && root && typeof root === 'object' && !Array.isArray(root)) {
      Object.defineProperty(root, change.name, {
        value: change.value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    }
    return root;
  }
  let parent = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (change.kind === 'remove') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (change.kind === 'replace') {
    parent[last] = change.value;
  } else if (change.kind === 'extra') {
    const target = parent[last];
    if (target && typeof target === 'object' && !Array.isArray(target)) {
      Object.defineProperty(target, change.name, {
        value: change.value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    } else if (Array.isArray(target)) {
      target.push(change.value);
    }
  }
  return root;
}

/** Texts a JSON parser must refuse, and ones that parse to odd things. */
const brokenJson = fc.oneof(
  fc.constantFrom(
    '{',
    '{"a":',
    '[1,2',
    'nul',
    '{"a":1}}',
    "{'a':1}",
    '{"a":1,}',
    '\u0000',
    'NaN',
    '"text"',
    '12',
    'null',
    '[]',
    '{"__proto__":{"polluted":true}}',
    '{"a":1e99999}',
  ),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

const ODD_CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/csv',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'application/octet-stream',
];

/** A text that is JSON of the body, truncated somewhere. */
const truncated = (text: string) => fc.nat({ max: Math.max(text.length - 1, 0) }).map((end) => text.slice(0, end));

function queryString(pairs: [string, string][]): string {
  return pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}

/**
 * Requests for one operation: mostly the valid request of system A or B with a few fields replaced
 * by values the schema allows, or mutated (wrong types, fields missing or unknown, junk), plus junk
 * path ids and query strings, broken JSON and content types the route does not take.
 */
export function requestsFor(
  document: OpenApiDocument,
  operation: Operation,
  dataset: Dataset,
  pools: IdPools,
): fc.Arbitrary<FuzzRequest> {
  const bases = [validRequest(operation, dataset.a, dataset), validRequest(operation, dataset.b, dataset)];

  const pathValue = (name: string): fc.Arbitrary<string> => {
    const collection = collectionOf(operation.path, name);
    return fc.oneof(
      { weight: 6, arbitrary: existingId(pools, collection).map(encodeURIComponent) },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: junkString.map((junk) => encodeURIComponent(junk.replace(/[\uD800-\uDFFF]/g, '?'))) },
      { weight: 1, arbitrary: fc.constantFrom('%zz', '%', '%00', '..', '.', '%2e%2e', '%2F', 'a%2Fb', ';x=1') },
    );
  };

  const queryPairs = (base: Record<string, string>): fc.Arbitrary<[string, string][]> => {
    const declared = operation.queryParameters.map((parameter) => parameter.name);
    const perParameter = declared.map((name) =>
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constant(base[name] === undefined ? [] : [[name, base[name]!] as [string, string]]),
        },
        {
          weight: 2,
          arbitrary: fromSchema(
            document,
            pools,
            operation.queryParameters.find((p) => p.name === name)!.schema ?? {},
            name,
          ).map((value): [string, string][] => [[name, typeof value === 'string' ? value : JSON.stringify(value)]]),
        },
        {
          weight: 2,
          arbitrary: junkString.map((junk): [string, string][] => [[name, junk.replace(/[\uD800-\uDFFF]/g, '?')]]),
        },
        { weight: 1, arbitrary: fc.constant<[string, string][]>([]) },
        // Repeated: parsed as an array.
        {
          weight: 1,
          arbitrary: fc.constant<[string, string][]>([
            [name, base[name] ?? '1'],
            [name, '2'],
          ]),
        },
        { weight: 1, arbitrary: fc.constant<[string, string][]>([[`${name}[x]`, '1']]) },
      ),
    );
    const extras = fc.oneof(
      { weight: 6, arbitrary: fc.constant<[string, string][]>([]) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(junkName, junkString)
          .map(([name, value]): [string, string][] => [
            [name.replace(/[\uD800-\uDFFF]/g, '?'), value.replace(/[\uD800-\uDFFF]/g, '?')],
          ]),
      },
      { weight: 1, arbitrary: fc.constant<[string, string][]>([['__proto__[polluted]', '1']]) },
      {
        weight: 1,
        arbitrary: fc.constant<[string, string][]>([
          ['limit', '-1'],
          ['cursor', 'not-a-cursor'],
        ]),
      },
      {
        weight: 1,
        arbitrary: fc.constant<[string, string][]>([['cursor', Buffer.from('{"id":1}').toString('base64url')]]),
      },
    );
    return fc.tuple(fc.tuple(...perParameter), extras).map(([chosen, extra]) => [...chosen.flat(), ...extra]);
  };

  const jsonBody = (base: unknown): fc.Arbitrary<unknown> => {
    const schema = operation.bodySchema;
    const paths = [...fieldPaths(base), ...Object.keys(schema?.properties ?? {}).map((key) => [key])];
    const schemaValue = (path: Path) => {
      const at = schemaAt(document, schema, path);
      return at ? fromSchema(document, pools, at, String(path.at(-1))) : junkValue;
    };
    const nearlyValid = fc
      .array(fc.nat({ max: Math.max(paths.length - 1, 0) }), { maxLength: paths.length === 0 ? 0 : 2 })
      .chain((picks) =>
        picks.length === 0
          ? fc.constant(clone(base))
          : fc.tuple(...picks.map((pick) => schemaValue(paths[pick]!))).map((values) => {
              const body = clone(base) ?? {};
              picks.forEach((pick, index) => {
                setAt(body, paths[pick]!, values[index]);
              });
              return body;
            }),
      );
    const mutated = fc
      .array(mutation, { minLength: 1, maxLength: 3 })
      .map((changes) => changes.reduce<unknown>((body, change) => mutate(body, change), clone(base) ?? {}));
    return fc.oneof(
      { weight: 3, arbitrary: nearlyValid },
      { weight: 6, arbitrary: mutated },
      { weight: 1, arbitrary: junkValue },
    );
  };

  return fc
    .record({
      base: fc.constantFrom(...bases),
      asAdmin: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
      kind: fc.oneof(
        { weight: 8, arbitrary: fc.constant('json' as const) },
        { weight: 1, arbitrary: fc.constant('broken' as const) },
        { weight: 1, arbitrary: fc.constant('content-type' as const) },
      ),
    })
    .chain(({ base, asAdmin, kind }) => {
      const path = fc
        .tuple(
          ...operation.pathParameters.map((name) =>
            fc.oneof({ weight: 2, arbitrary: fc.constant(encodeURIComponent(base.params[name]!)) }, pathValue(name)),
          ),
        )
        .map((values) =>
          operation.pathParameters.reduce(
            (filled, name, index) => filled.replace(`{${name}}`, values[index]!),
            operation.path,
          ),
        );
      const takesBody = operation.method !== 'get' && operation.method !== 'delete';
      const body: fc.Arbitrary<{ contentType: string | null; body: string | null }> = !takesBody
        ? fc.constant({ contentType: null, body: null })
        : base.contentType === 'text/csv'
          ? csvBody(String(base.body))
          : kind === 'json'
            ? jsonBody(base.body ?? {}).map((value) => ({
                contentType: 'application/json',
                body: JSON.stringify(value) ?? 'null',
              }))
            : kind === 'broken'
              ? fc
                  .oneof(brokenJson, truncated(JSON.stringify(base.body ?? {})))
                  .map((text) => ({ contentType: 'application/json', body: text }))
              : fc
                  .tuple(
                    fc.constantFrom(...ODD_CONTENT_TYPES),
                    fc.oneof(fc.constant(JSON.stringify(base.body ?? {})), brokenJson),
                  )
                  .map(([contentType, text]) => ({ contentType, body: text }));
      return fc
        .record({ path, query: queryPairs(base.query), body })
        .map(({ path: filledPath, query, body: sent }): FuzzRequest => {
          const search = queryString(query);
          return { url: search ? `${filledPath}?${search}` : filledPath, ...sent, asAdmin };
        });
    });
}

/**
 * A CSV file (an import): the valid file, cut short, with junk lines, cells or quotes in it, or
 * junk outright; mostly as text/csv, sometimes as another type.
 */
function csvBody(valid: string): fc.Arbitrary<{ contentType: string | null; body: string | null }> {
  const lines = valid.split('\n');
  const text = fc.oneof(
    { weight: 2, arbitrary: fc.constant(valid) },
    { weight: 2, arbitrary: truncated(valid) },
    { weight: 3, arbitrary: junkString.map((junk) => `${lines[0]}\n${junk}\n`) },
    { weight: 2, arbitrary: junkString.map((junk) => valid.replace(/,([^,\n]*)\n/, `,${junk}\n`)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('"', '""', 'a,"b\n', ',,,\n,,,', '\uFEFF' + valid, valid.replaceAll('\n', '\r\n')),
    },
    { weight: 1, arbitrary: junkString },
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('text/csv') },
    { weight: 1, arbitrary: fc.constant('text/csv; charset=latin1') },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_CONTENT_TYPES) },
  );
  return fc.tuple(contentType, text).map(([type, body]) => ({ contentType: type, body }));
}

/** Sets the value at `path`, making the objects and arrays on the way. */
function setAt(root: unknown, path: Path, value: unknown): void {
  let parent = root as Record<string | number, unknown>;
  path.slice(0, -1).forEach((step, index) => {
    if (!parent[step] || typeof parent[step] !== 'object') parent[step] = typeof path[index + 1] === 'number' ? [] : {};
    parent = parent[step] as Record<string | number, unknown>;
  });
  parent[path.at(-1)!] = value;
}
