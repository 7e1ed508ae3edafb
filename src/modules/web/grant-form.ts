import { ROLES, type Role, SIGNOFF_LEVELS } from '../../core/auth/api-key.entity.js';
import { checkGrant, type Grant } from '../../core/auth/grant.js';
import type { Principal } from '../../core/auth/principal.js';
import { ConflictError, type FieldError, InvalidInputError, NotFoundError } from '../../core/errors/domain-errors.js';
import type { Page } from '../../core/pagination/page.js';
import { validateInput } from '../../core/validation/validate-input.js';
import type { AgenciesService } from '../agencies/index.js';
import type { OrganisationsService } from '../organisations/index.js';
import { APPROVAL_LEVEL_NAMES, ROLE_HINTS, ROLE_NAMES } from './words.js';

/**
 * The role, scope and sign-off level questions that the invite, person and API key forms share:
 * what the form answered, the grant it asks for, and what to say when the grant is refused.
 */

/** What the grant questions of a form answered. `scope` is `everywhere`, `system` or `trusts`. */
export interface GrantAnswers {
  role?: string;
  scope?: string;
  systemId?: string;
  trustIds: string[];
  approvalLevel?: string;
  /** For agency staff: the agency they work for. */
  agencyId?: string;
}

/** A problem with a form, as the error summary and the field's own message say it. */
export interface PageError {
  field: string;
  text: string;
}

const answer = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** The grant questions' answers in a posted form (trusts are ticked boxes: none, one or several). */
export function grantAnswersOf(body: unknown): GrantAnswers {
  const fields = (body ?? {}) as Record<string, unknown>;
  const ticked = Array.isArray(fields.trustIds) ? fields.trustIds : [fields.trustIds];
  return {
    role: answer(fields.role),
    scope: answer(fields.scope),
    systemId: answer(fields.systemId),
    trustIds: ticked.map(answer).filter((id): id is string => id !== undefined),
    approvalLevel: answer(fields.approvalLevel),
    agencyId: answer(fields.agencyId),
  };
}

/** The answers of a person or key now, to start the form from. */
export function grantAnswersFrom(grant: Grant): GrantAnswers {
  const trustIds = grant.trustIds ?? [];
  return {
    role: grant.role,
    scope: grant.systemId
      ? 'system'
      : trustIds.length > 0
        ? 'trusts'
        : grant.role === 'admin'
          ? 'everywhere'
          : undefined,
    systemId: grant.systemId ?? undefined,
    trustIds,
    approvalLevel: grant.approvalLevel ?? undefined,
    agencyId: grant.agencyId ?? undefined,
  };
}

/**
 * The grant the answers ask for. An answer revealed under a choice not taken (a system's name
 * under "chosen trusts", a level under a role other than approver, a scope or none but the agency
 * for agency staff, whose scope follows from their agency's contracts) is not part of it, as the
 * service manual's conditional questions go.
 */
export function grantInput(answers: GrantAnswers): Record<string, string | string[] | undefined> {
  const agency = answers.role === 'agency';
  return {
    role: answers.role,
    systemId: !agency && answers.scope === 'system' ? answers.systemId : undefined,
    trustIds: !agency && answers.scope === 'trusts' && answers.trustIds.length > 0 ? answers.trustIds : undefined,
    approvalLevel: answers.role === 'approver' ? answers.approvalLevel : undefined,
    agencyId: agency ? answers.agencyId : undefined,
  };
}

/**
 * Validates a form's command with the API's DTO and checks its grant with the rule the service
 * applies (checkGrant), so that every problem is shown at once rather than one per submission.
 */
export async function validateGrantForm<T extends object>(
  type: new () => T,
  plain: Record<string, unknown>,
  holder: 'key' | 'user',
): Promise<T> {
  const problems: FieldError[] = [];
  const collect = (error: unknown) => {
    if (!(error instanceof InvalidInputError)) throw error;
    problems.push(...(error.errors ?? []));
  };
  const input = await validateInput(type, plain).catch((error: unknown) => collect(error));
  try {
    checkGrant(plain as unknown as Grant, holder);
  } catch (error) {
    collect(error);
  }
  if (problems.length > 0 || !input) throw new InvalidInputError('The form has problems', problems);
  return input;
}

/** What to say about a refused grant field, given what the form answered. */
function grantProblem(field: string, answers: GrantAnswers): PageError | null {
  const isRole = ROLES.includes(answers.role as Role);
  if (field === 'role') {
    return isRole
      ? { field: 'scope', text: 'An administrator works everywhere: choose ‘Everywhere’' }
      : { field: 'role', text: 'Choose a role' };
  }
  if (field === 'approvalLevel') {
    return answers.role === 'approver'
      ? { field: 'approvalLevel', text: 'Choose the highest sign-off this approver may give' }
      : { field: 'approvalLevel', text: 'Only an approver has a sign-off level' };
  }
  if (field === 'systemId') {
    if (answers.scope === 'system') return { field: 'systemId', text: 'Choose a system' };
    if (answers.scope === 'trusts') return { field: 'trustIds', text: 'Choose at least one trust' };
    if (answers.scope === 'everywhere' && isRole && answers.role !== 'admin') {
      return { field: 'scope', text: 'Only an administrator works everywhere: choose a system or trusts' };
    }
    return { field: 'scope', text: 'Choose where they work: a whole system, or chosen trusts' };
  }
  if (field === 'agencyId') return { field: 'agencyId', text: 'Choose the agency they work for' };
  if (field === 'trustIds' || field.startsWith('trustIds[')) {
    return { field: 'trustIds', text: 'Choose trusts from the list' };
  }
  return null;
}

/**
 * A refusal the person can fix by changing the form, as the form's errors (one per field, the
 * first said), or null when it is not one (the error page says it). `words` names the form's own
 * fields' problems; `conflict` is what a ConflictError means on this form, if it can mean one.
 */
export function formProblems(
  error: unknown,
  answers: GrantAnswers,
  words: Record<string, string>,
  conflict?: PageError,
): PageError[] | null {
  let problems: (PageError | null)[];
  if (error instanceof InvalidInputError) {
    problems = (error.errors ?? []).map((problem) =>
      words[problem.field]
        ? { field: problem.field, text: words[problem.field]! }
        : grantProblem(problem.field, answers),
    );
    if (problems.some((problem) => problem === null)) return null;
  } else if (error instanceof ConflictError && conflict) {
    problems = [conflict];
  } else if (error instanceof NotFoundError) {
    // The form offers only systems, trusts and agencies that exist: one has gone since it was shown.
    problems = [
      answers.role === 'agency'
        ? { field: 'agencyId', text: 'That agency no longer exists: choose again' }
        : { field: 'scope', text: 'That system or trust no longer exists: choose again' },
    ];
  } else {
    return null;
  }
  const byField = new Map<string, PageError>();
  for (const problem of problems) if (problem && !byField.has(problem.field)) byField.set(problem.field, problem);
  return byField.size > 0 ? [...byField.values()] : null;
}

/** The form's errors as the error summary lists them and as each field shows its own. */
export const errorsView = (problems: PageError[]) => ({
  errors: problems.map((problem) => ({ text: problem.text, href: `#${problem.field}` })),
  errorFor: Object.fromEntries(problems.map((problem) => [problem.field, problem.text])),
});

/** Systems, trusts and agencies by id, with names, for choosing a scope and saying one in words. */
export interface Places {
  systems: Map<string, string>;
  trusts: Map<string, { name: string; systemName: string }>;
  /** Agencies' names, for the forms that may give the `agency` role (empty for the others). */
  agencies: Map<string, string>;
}

/** Every item of a list the API pages, page by page (systems and trusts are few: one page as a rule). */
async function everyItem<T>(load: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await load(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** The systems and trusts in the principal's scope (for an admin, all of them), and with `agencies` every agency. */
export async function placesInScope(
  organisations: OrganisationsService,
  principal: Principal,
  agencies?: AgenciesService,
): Promise<Places> {
  const [systems, trusts, agencyList] = await Promise.all([
    everyItem((cursor) => organisations.listSystems({ limit: 500, cursor }, principal)),
    everyItem((cursor) => organisations.listTrusts({ limit: 500, cursor }, principal)),
    agencies ? everyItem((cursor) => agencies.listAgencies({ limit: 500, cursor })) : [],
  ]);
  const systemNames = new Map(systems.map((system) => [system.id, system.name]));
  return {
    systems: systemNames,
    trusts: new Map(
      trusts.map((trust) => [trust.id, { name: trust.name, systemName: systemNames.get(trust.systemId) ?? '' }]),
    ),
    agencies: new Map(agencyList.map((agency) => [agency.id, agency.name])),
  };
}

/** Where a person or key works, in words: "Everywhere", "Kent and Medway (the whole system)", or trusts' names. */
export function scopeWords(grant: Grant, places: Places): string {
  if (grant.role === 'admin') return 'Everywhere';
  if (grant.role === 'bank_worker') return 'Their own shifts only: their bank’s trust and those they are cleared for';
  if (grant.role === 'agency') {
    const agency = (grant.agencyId && places.agencies.get(grant.agencyId)) || 'An agency that no longer exists';
    return `${agency}: the shifts released to it, in the systems where it holds a contract`;
  }
  if (grant.systemId) return `${places.systems.get(grant.systemId) ?? 'A system that no longer exists'} (whole system)`;
  const names = (grant.trustIds ?? []).map((id) => places.trusts.get(id)?.name ?? 'a trust that no longer exists');
  return names.length > 0 ? names.join(', ') : 'Nowhere';
}

const byName = (one: { text: string }, other: { text: string }) => one.text.localeCompare(other.text, 'en-GB');

/** The grant questions, as grant-fields.njk asks them, with the answers given so far. */
export function grantFieldsView(answers: GrantAnswers, places: Places, roles: readonly Role[], problems: PageError[]) {
  return {
    roles: roles.map((role) => ({
      value: role,
      text: ROLE_NAMES[role],
      hint: { text: ROLE_HINTS[role] },
      checked: answers.role === role,
    })),
    scope: answers.scope,
    systems: [
      { value: '', text: 'Choose a system' },
      ...[...places.systems.entries()]
        .map(([id, name]) => ({ value: id, text: name, selected: answers.systemId === id }))
        .sort(byName),
    ],
    trusts: [...places.trusts.entries()]
      .map(([id, trust]) => ({
        value: id,
        text: trust.name,
        system: trust.systemName,
        checked: answers.trustIds.includes(id),
      }))
      .sort((one, other) => one.system.localeCompare(other.system, 'en-GB') || byName(one, other))
      .map(({ system, ...item }) => ({ ...item, hint: { text: system } })),
    agencies: roles.includes('agency')
      ? [
          { value: '', text: 'Choose an agency' },
          ...[...places.agencies.entries()]
            .map(([id, name]) => ({ value: id, text: name, selected: answers.agencyId === id }))
            .sort(byName),
        ]
      : [],
    approvalLevels: [
      { value: '', text: 'Not an approver' },
      ...SIGNOFF_LEVELS.map((level) => ({
        value: level,
        text: APPROVAL_LEVEL_NAMES[level] ?? level,
        selected: answers.approvalLevel === level,
      })),
    ],
    errorFor: errorsView(problems).errorFor,
  };
}
