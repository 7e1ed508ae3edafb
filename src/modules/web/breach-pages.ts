import type { RequestHandler, Response, Router } from 'express';
import { InvalidInputError, NotFoundError } from '../../core/errors/domain-errors.js';
import { validateInput } from '../../core/validation/validate-input.js';
import { BookingsService } from '../bookings/index.js';
import {
  AcknowledgeBreachDto,
  BREACH_RULES,
  BREACH_SEVERITIES,
  BREACH_STATUSES,
  BREACH_TRANSITIONS,
  type BreachAction,
  BreachesService,
  BreachReasonDto,
  type BreachView,
} from '../compliance/index.js';
import { DashboardBreachesQuery, DashboardService } from '../dashboard/index.js';
import { OrganisationsService } from '../organisations/index.js';
import { formFields, type PageRequest, redirectAfterSave, show } from './page-context.js';
import { organisationChoices, pageUrl } from './report-pages.js';
import {
  bankWhenBooked,
  BREACH_RULE_NAMES,
  BREACH_STATUS_NAMES,
  capitalised,
  londonDateText,
  londonTime,
  pounds,
  shiftTimes,
  SIGNOFF_NAMES,
} from './words.js';

export interface BreachPageServices {
  dashboard: DashboardService;
  breaches: BreachesService;
  bookings: BookingsService;
  organisations: OrganisationsService;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BREACHES_PER_PAGE = 50;

/** What each action is called on the page, and what the person is asked for. */
const ACTIONS: Record<BreachAction, { button: string; label: string; hint: string; done: string }> = {
  acknowledge: {
    button: 'Acknowledge',
    label: 'Note (optional)',
    hint: 'Say you have seen it and what you are doing about it.',
    done: 'acknowledged',
  },
  justify: {
    button: 'Justify',
    label: 'Why it was justified',
    hint: 'For example, the only worker with the skills the ward needed that night. It stays justified unless its amount grows.',
    done: 'justified',
  },
  resolve: {
    button: 'Resolve',
    label: 'How it was resolved',
    hint: 'For example, the agency credited the overcharge on its next invoice.',
    done: 'resolved',
  },
};

const choices = (values: readonly string[], names: (value: string) => string, any: string, selected?: string) => [
  { value: '', text: any },
  ...values.map((value) => ({ value, text: names(value), selected: value === selected })),
];

/**
 * Breaches for the workforce lead: the list with the API's filters, and a breach's page (what
 * rule, how much, the bank option that existed when it was booked) with acknowledge, justify and
 * resolve, through BreachesService as the API does.
 */
export function breachPages(
  router: Router,
  services: BreachPageServices,
  access: { read: RequestHandler; act: RequestHandler },
) {
  router.get('/breaches', access.read, async (request: PageRequest, response: Response) => {
    const query = await validateInput(DashboardBreachesQuery, request.query);
    const list = await services.dashboard.breachList(
      { ...query, limit: query.limit ?? BREACHES_PER_PAGE },
      request.principal!,
    );
    const trustNames = new Map(list.trusts.map((trust) => [trust.id, trust.name]));
    const filters = {
      systemId: list.query.systemId,
      trustId: list.query.trustId,
      rule: list.query.rule,
      severity: list.query.severity,
      status: list.query.status,
      from: list.query.from,
      to: list.query.to,
    };
    show(request, response, 'breaches.njk', {
      title: 'Breaches',
      list,
      breaches: list.page.items.map((breach) => ({
        ...breach,
        trustName: trustNames.get(breach.trustId) ?? '',
        ruleName: BREACH_RULE_NAMES[breach.rule] ?? breach.rule,
        date: londonDateText(breach.localStartDate),
      })),
      choices: {
        ...organisationChoices(list),
        severities: choices([...BREACH_SEVERITIES].reverse(), capitalised, 'Any severity', filters.severity),
        statuses: choices(BREACH_STATUSES, (status) => BREACH_STATUS_NAMES[status]!, 'Any status', filters.status),
        rules: choices(BREACH_RULES, (rule) => BREACH_RULE_NAMES[rule] ?? rule, 'Any rule', filters.rule),
      },
      filters,
      continued: query.cursor !== undefined,
      firstHref: query.cursor ? pageUrl('/breaches', { ...filters, limit: query.limit }) : null,
      nextHref: list.page.nextCursor
        ? pageUrl('/breaches', { ...filters, limit: query.limit, cursor: list.page.nextCursor })
        : null,
    });
  });

  router.get('/breaches/:id', access.read, async (request: PageRequest, response: Response) => {
    await showBreach(services, request, response, {});
  });

  router.post('/breaches/:id', access.act, async (request: PageRequest, response: Response) => {
    const id = breachIdOf(request);
    const { action, ...fields } = formFields(request);
    if (!action || !(action in BREACH_TRANSITIONS)) {
      throw new InvalidInputError('Choose acknowledge, justify or resolve', [
        { field: 'action', message: 'acknowledge, justify or resolve' },
      ]);
    }
    const chosen = action as BreachAction;
    // The reason's field is named for its action, so each form on the page keeps its own text.
    const reason = fields[`${chosen}Reason`];
    if (chosen !== 'acknowledge' && !reason) {
      return showBreach(services, request, response, {
        action: chosen,
        error: `Say ${chosen === 'justify' ? 'why the breach was justified' : 'how the breach was resolved'}: it is kept with the breach and audited`,
      });
    }
    const input =
      chosen === 'acknowledge'
        ? await validateInput(AcknowledgeBreachDto, { reason })
        : await validateInput(BreachReasonDto, { reason });
    const breach = await services.breaches.transition(id, chosen, input.reason, request.principal!);
    request.session.flash = `The breach is ${ACTIONS[chosen].done}: ${BREACH_RULE_NAMES[breach.rule] ?? breach.rule}, ${pounds(breach.amountPence)}.`;
    await redirectAfterSave(request, response, `/breaches/${id}`);
  });
}

function breachIdOf(request: PageRequest): string {
  const id = String(request.params.id);
  if (!UUID.test(id)) throw NotFoundError.of('breach', id);
  return id;
}

/** A breach's page: what it is, the money, the booking and the bank when it was booked, and what may be done now. */
async function showBreach(
  services: BreachPageServices,
  request: PageRequest,
  response: Response,
  form: { action?: BreachAction; error?: string },
) {
  const principal = request.principal!;
  const breach: BreachView = await services.breaches.get(breachIdOf(request), principal);
  const booking = await services.bookings.get(breach.bookingId, principal);
  const [who, wards] = await Promise.all([
    services.bookings.whoIsBooked([booking]),
    services.organisations.wardsInScope(principal, [booking.wardId]),
  ]);
  const ward = wards.find((place) => place.id === booking.wardId);
  const canAct = ['admin', 'workforce_lead'].includes(principal.role);
  const actions = (Object.keys(BREACH_TRANSITIONS) as BreachAction[])
    .filter((action) => (BREACH_TRANSITIONS[action].from as readonly string[]).includes(breach.status))
    .map((action) => ({
      action,
      ...ACTIONS[action],
      field: `${action}Reason`,
      value: form.action === action ? String((request.body as Record<string, unknown>)?.[`${action}Reason`] ?? '') : '',
      error: form.action === action ? form.error : undefined,
    }));
  const money = [
    { key: 'Amount', value: pounds(breach.amountPence) },
    { key: booking.type === 'bank' ? 'Paid' : 'Charged', value: pounds(breach.chargePence) },
    { key: 'National price cap', value: pounds(breach.capCostPence) },
    { key: 'System cap', value: pounds(breach.systemCapCostPence) },
    { key: 'Cost at the card rate', value: pounds(breach.cardCostPence) },
    {
      key: 'Sign-off the charge needs',
      value: breach.signoffLevel ? capitalised(SIGNOFF_NAMES[breach.signoffLevel] ?? breach.signoffLevel) : '—',
    },
  ]
    .filter((row) => row.value !== '—')
    .map((row) => ({ key: { text: row.key }, value: { text: row.value } }));
  show(
    request,
    response,
    'breach.njk',
    {
      title: BREACH_RULE_NAMES[breach.rule] ?? breach.rule,
      breach: {
        ...breach,
        statusName: BREACH_STATUS_NAMES[breach.status] ?? breach.status,
        severityName: capitalised(breach.severity),
        detected: londonTime(breach.detectedAt),
        resolvedText: breach.resolvedAt
          ? `${londonTime(breach.resolvedAt)}${breach.resolution === 'cleared' ? ', by a re-check: the condition no longer holds' : ''}`
          : null,
      },
      money,
      booking: {
        ...booking,
        who: who.get(booking.id) ?? '',
        times: shiftTimes(booking.startsAt, booking.endsAt),
        where: ward ? `${ward.name}, ${ward.trustName}` : '',
        bank: bankWhenBooked(booking.ladder, booking.eligibleBankCount, booking.bestBankCostPence),
        signoff: booking.requiredSignoff ? capitalised(SIGNOFF_NAMES[booking.requiredSignoff]!) : 'None',
      },
      actions: canAct ? actions : [],
      errors: form.error ? [{ text: form.error, href: `#${form.action}Reason` }] : [],
    },
    form.error ? 400 : 200,
  );
}
