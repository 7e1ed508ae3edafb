import type { Response, Router } from 'express';
import { validateInput } from '../../core/validation/validate-input.js';
import { ConflictError, NotFoundError, RuleViolationError } from '../../core/errors/domain-errors.js';
import { BookedShiftsService, BookingsService, CreateBookingDto, SwapToBankDto } from '../bookings/index.js';
import { FillService, type FillOptionsView, OfferShiftDto, OffersService, SuggestionsService } from '../fill/index.js';
import { OrganisationsService } from '../organisations/index.js';
import { ListShiftsQuery, SHIFT_STATUSES, ShiftsService } from '../shifts/index.js';
import { londonDate, STAFF_GROUPS } from '../time-bands/index.js';
import { formFields, type PageRequest, redirectAfterSave, show } from './page-context.js';
import { shiftActions } from './shift-forms.js';
import { type AcceptProblem, submissionPages, submissionsForShiftPage } from './submission-pages.js';
import type { SubmissionsService } from '../submissions/index.js';
import { homeSuggestion, offersForShiftPage, suggestionForShiftPage } from './suggestion-views.js';
import type { RequestHandler } from 'express';
import {
  gradeName,
  INELIGIBLE_BECAUSE,
  londonTime,
  pounds,
  SIGNOFF_NAMES,
  STATUS_NAMES,
  shiftTimes,
  TIER_NAMES,
} from './words.js';

export interface ShiftPageServices {
  shifts: ShiftsService;
  bookedShifts: BookedShiftsService;
  bookings: BookingsService;
  fill: FillService;
  suggestions: SuggestionsService;
  offers: OffersService;
  organisations: OrganisationsService;
  submissions: SubmissionsService;
}

/** How many open suggestions the rota manager's home lists above the open shifts. */
const HOME_SUGGESTIONS = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const shiftIdOf = (request: PageRequest): string => {
  const id = String(request.params.id);
  if (!UUID.test(id)) throw NotFoundError.of('shift', id);
  return id;
};
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const choices = (items: { value: string; text: string }[], selected: string | undefined, any: string) => [
  { value: '', text: any },
  ...items.map((item) => ({ ...item, selected: item.value === selected })),
];

/**
 * The rota manager's pages: open shifts with filters, a shift with its fill ladder (bank first),
 * and booking from the ladder with a confirm step. Every action goes through the services the API
 * uses, as the signed-in person.
 */
export function shiftPages(
  router: Router,
  services: ShiftPageServices,
  access: { read: RequestHandler; book: RequestHandler },
) {
  router.get('/shifts', access.read, (request: PageRequest, response: Response) =>
    openShifts(services, request, response),
  );

  router.get('/shifts/:id', access.read, (request: PageRequest, response: Response) =>
    showShift(services, request, response),
  );

  router.get('/shifts/:id/book', access.book, async (request: PageRequest, response: Response) => {
    await showConfirm(services, request, response, {});
  });

  router.post('/shifts/:id/book', access.book, (request: PageRequest, response: Response) =>
    book(services, request, response),
  );

  router.post('/shifts/:id/swap', access.book, (request: PageRequest, response: Response) =>
    swap(services, request, response),
  );

  router.post('/shifts/:id/offers', access.book, (request: PageRequest, response: Response) =>
    offer(services, request, response),
  );

  submissionPages(router, services, access.book, (request, response, accept, status) =>
    showShift(services, request, response, { accept }, status),
  );
}

/** The shift page: the shift, its booking, its open fill suggestion, its ladder and what may be done. */
async function showShift(
  services: ShiftPageServices,
  request: PageRequest,
  response: Response,
  form: { swapError?: string; reason?: string; offerError?: string; accept?: AcceptProblem } = {},
  status = 200,
) {
  const shift = await shiftWithPlace(services, request);
  const canBook = ['admin', 'rota_manager'].includes(request.principal!.role);
  const ladder = shift.status === 'open' ? await services.fill.options(shift.id, request.principal!) : null;
  const booking = shift.booking
    ? { ...shift.booking, who: (await services.bookings.whoIsBooked([shift.booking])).get(shift.booking.id) ?? '' }
    : null;
  // At most one is open at a time in practice: before_agency while open, swap_to_bank once an agency holds it.
  const [open, offers, submissions] = await Promise.all([
    services.suggestions.list({ shiftId: shift.id, status: 'open', limit: 1 }, request.principal!),
    services.offers.forShift(shift.id, request.principal!),
    services.submissions.listForShift(shift.id, request.principal!),
  ]);
  const bankCanWorkIt = (ladder?.tiers ?? []).some((tier) => tier.tier.endsWith('_bank') && tier.total > 0);
  const context = { shift, ladder, canBook, canSwap: canBook && shift.booking?.type === 'agency' };
  show(
    request,
    response,
    'shift.njk',
    {
      title: `${shift.wardName}: ${shiftTimes(shift.startsAt, shift.endsAt)}`,
      shift: { ...shift, paidHours: (shift.paidMinutes / 60).toFixed(2).replace(/\.?0+$/, '') },
      booking,
      ladder: ladder && ladderForPage(ladder, shift.id, canBook),
      suggestion: open.items[0] ? suggestionForShiftPage(open.items[0], context) : null,
      swapReason: form.reason ?? '',
      swapError: form.swapError,
      offerError: form.offerError,
      offers: offersForShiftPage(offers),
      submissions: submissionsForShiftPage(submissions, {
        canDecide: canBook && shift.status === 'open',
        askBypass: bankCanWorkIt,
        problem: form.accept,
      }),
      errors: [
        ...(form.accept ? [{ text: form.accept.text, href: `#bypass-${form.accept.submissionId}` }] : []),
        ...(form.swapError ? [{ text: form.swapError, href: '#swapReason' }] : []),
        ...(form.offerError ? [{ text: form.offerError, href: '#offer-form' }] : []),
      ],
      actions: shiftActions(shift, request.principal!.role),
      canRelease: canBook && shift.status === 'open' && shift.releases.some((release) => !release.released),
    },
    status,
  );
}

/**
 * Offers the shift to the bank workers ticked, through OffersService.offer as
 * `POST /shifts/{id}/offers` does: each is e-mailed, and the first to take it gets it.
 */
async function offer(services: ShiftPageServices, request: PageRequest, response: Response) {
  const ticked = (request.body as Record<string, unknown>).bankWorkerIds;
  const bankWorkerIds = (Array.isArray(ticked) ? ticked : [ticked]).filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  if (bankWorkerIds.length === 0)
    return showShift(services, request, response, { offerError: 'Tick at least one bank worker to offer it to' }, 400);
  const input = await validateInput(OfferShiftDto, { bankWorkerIds });
  const made = await services.offers.offer(shiftIdOf(request), input.bankWorkerIds, request.principal!);
  request.session.flash = made.length
    ? `Offered to ${made.map((offer) => offer.displayName).join(' and ')} by e-mail. The first to take it gets it.`
    : 'They already hold an open offer of this shift.';
  await redirectAfterSave(request, response, `/shifts/${shiftIdOf(request)}`);
}

/**
 * Swaps the shift's agency booking to a bank worker through BookingsService.swapToBank, as
 * `POST /bookings/{id}/swap-to-bank` does; a missing reason comes back to the shift page, beside its field.
 */
async function swap(services: ShiftPageServices, request: PageRequest, response: Response) {
  const fields = formFields(request);
  if (!fields.reason) {
    const swapError = 'Give a reason for swapping the agency booking to the bank';
    return showShift(services, request, response, { swapError }, 400);
  }
  const shift = await services.bookedShifts.get(shiftIdOf(request), request.principal!);
  if (!shift.booking || shift.booking.type !== 'agency')
    throw new ConflictError('The shift has no agency booking to swap: go back to the shift to see how it stands');
  const input = await validateInput(SwapToBankDto, { bankWorkerId: fields.bankWorkerId, reason: fields.reason });
  const booking = await services.bookings.swapToBank(shift.booking.id, input, request.principal!);
  const who = (await services.bookings.whoIsBooked([booking])).get(booking.id);
  request.session.flash = `${who} is booked for this shift instead of the agency (${pounds(booking.costPence)}).`;
  await redirectAfterSave(request, response, `/shifts/${shift.id}`);
}

/** Open shifts of the person's trusts (filters: trust, ward, staff group, status, dates), soonest first. */
async function openShifts(services: ShiftPageServices, request: PageRequest, response: Response) {
  const principal = request.principal!;
  const status = text(request.query.status) ?? (request.query.status === '' ? undefined : 'open');
  const query = await validateInput(ListShiftsQuery, {
    trustId: text(request.query.trustId),
    wardId: text(request.query.wardId),
    staffGroup: text(request.query.staffGroup),
    status,
    from: text(request.query.from) ?? londonDate(),
    to: text(request.query.to),
    cursor: text(request.query.cursor),
    sort: 'startsAt',
  });
  // A rota manager's home: the open fill suggestions of their trusts first, soonest shift first.
  const listsSuggestions = ['admin', 'rota_manager'].includes(principal.role) && !query.cursor;
  const [page, wards, suggestions] = await Promise.all([
    services.shifts.list(query, principal),
    services.organisations.wardsInScope(principal),
    listsSuggestions
      ? services.suggestions.openBySoonestShift(principal, { trustId: query.trustId, limit: HOME_SUGGESTIONS })
      : null,
  ]);
  const wardById = new Map(wards.map((ward) => [ward.id, ward]));
  const trusts = [...new Map(wards.map((ward) => [ward.trustId, ward.trustName])).entries()];
  const next = new URLSearchParams({ ...(request.query as Record<string, string>), cursor: page.nextCursor ?? '' });
  show(request, response, 'shifts.njk', {
    title: status === 'open' ? 'Open shifts' : 'Shifts',
    canPost: ['admin', 'rota_manager'].includes(principal.role),
    suggestions: suggestions && {
      total: suggestions.total,
      items: suggestions.items.map((suggestion) => homeSuggestion(suggestion, wardById.get(suggestion.wardId))),
    },
    shifts: page.items.map((shift) => ({
      ...shift,
      wardName: wardById.get(shift.wardId)?.name ?? '',
      trustName: wardById.get(shift.wardId)?.trustName ?? '',
    })),
    nextHref: page.nextCursor ? `/shifts?${next.toString()}` : null,
    filters: {
      from: query.from,
      to: query.to,
      trusts: choices(
        trusts.map(([value, name]) => ({ value, text: name })),
        query.trustId,
        'All trusts',
      ),
      wards: choices(
        wards
          .filter((ward) => !query.trustId || ward.trustId === query.trustId)
          .map((ward) => ({
            value: ward.id,
            text: trusts.length > 1 ? `${ward.name} (${ward.trustName})` : ward.name,
          })),
        query.wardId,
        'All wards',
      ),
      staffGroups: choices(
        STAFF_GROUPS.map((group) => ({ value: group.key, text: group.name })),
        query.staffGroup,
        'All staff groups',
      ),
      statuses: choices(
        SHIFT_STATUSES.map((value) => ({ value, text: STATUS_NAMES[value] ?? value })),
        status,
        'Any status',
      ),
    },
  });
}

/** Books the confirmed option through BookingsService.create, as the API does; back to the shift with what happened. */
async function book(services: ShiftPageServices, request: PageRequest, response: Response) {
  const shiftId = shiftIdOf(request);
  const fields = formFields(request);
  try {
    const input = await validateInput(CreateBookingDto, fields);
    const booking = await services.bookings.create(shiftId, input, request.principal!);
    const who = (await services.bookings.whoIsBooked([booking])).get(booking.id);
    request.session.flash =
      booking.status === 'pending_approval'
        ? `${who} is booked, waiting for sign-off by ${SIGNOFF_NAMES[booking.requiredSignoff ?? ''] ?? booking.requiredSignoff} (${pounds(booking.costPence)}).`
        : `${who} is booked for this shift (${pounds(booking.costPence)}).`;
    await redirectAfterSave(request, response, `/shifts/${shiftId}`);
  } catch (error) {
    // Only the bypass reason is the person's to fix here; any other refusal is the error page's.
    if (error instanceof RuleViolationError && error.rule === 'BANK_FIRST') {
      return showConfirm(
        services,
        request,
        response,
        { bypassError: 'Give a reason for booking an agency while a bank worker can work the shift', ...fields },
        400,
      );
    }
    throw error;
  }
}

export async function shiftWithPlace(services: ShiftPageServices, request: PageRequest) {
  const shift = await services.bookedShifts.get(shiftIdOf(request), request.principal!);
  const ward = (await services.organisations.wardsInScope(request.principal!)).find(
    (place) => place.id === shift.wardId,
  );
  return { ...shift, wardName: ward?.name ?? '', trustName: ward?.trustName ?? '' };
}

/** The ladder as the shift page shows it: tiers named, options with their book links, and why others cannot work it. */
function ladderForPage(ladder: FillOptionsView, shiftId: string, canBook: boolean) {
  return {
    ...ladder,
    tiers: ladder.tiers.map((tier) => {
      const bank = tier.tier === 'own_bank' || tier.tier === 'collaborative_bank';
      return {
        ...tier,
        bank,
        name: TIER_NAMES[tier.tier as keyof typeof TIER_NAMES] ?? tier.tier,
        options: tier.options.map((option) => ({
          ...option,
          name: bank ? option.displayName : option.agencyName,
          detail: bank
            ? gradeName(option.grade ?? '')
            : `Tier ${option.contractTier}${option.framework ? ` (${option.framework})` : ', off-framework'}`,
          // Not yet released to its stage: who may book it, and from when.
          releasedFrom: option.released ? null : londonTime(option.releaseAt),
          bookHref:
            canBook && !option.refused && option.released
              ? `/shifts/${shiftId}/book?${bank ? `bankWorkerId=${option.bankWorkerId}` : `agencyContractId=${option.agencyContractId}`}`
              : null,
        })),
      };
    }),
    ineligible: ladder.ineligible.map((worker) => ({
      name: worker.displayName,
      why: worker.reasons
        .map((reason) => INELIGIBLE_BECAUSE[reason as keyof typeof INELIGIBLE_BECAUSE] ?? reason)
        .join('; '),
    })),
  };
}

/** The confirm step: what will be booked, at what cost, and the sign-off it will need. */
async function showConfirm(
  services: ShiftPageServices,
  request: PageRequest,
  response: Response,
  form: { bypassError?: string; bypassReason?: string; bankWorkerId?: string; agencyContractId?: string },
  status = 200,
) {
  const shift = await shiftWithPlace(services, request);
  const ladder = await services.fill.options(shift.id, request.principal!);
  const bankWorkerId = form.bankWorkerId ?? text(request.query.bankWorkerId);
  const agencyContractId = form.agencyContractId ?? text(request.query.agencyContractId);
  const options = ladder.tiers.flatMap((tier) => tier.options.map((option) => ({ ...option, tier: tier.tier })));
  const option = options.find((candidate) =>
    bankWorkerId
      ? candidate.bankWorkerId === bankWorkerId
      : agencyContractId !== undefined && candidate.agencyContractId === agencyContractId,
  );
  if (!option)
    throw new NotFoundError(
      'That option is no longer on this shift’s ladder: go back to the shift to see who can fill it now',
    );
  const bank = option.bankWorkerId !== undefined;
  const eligibleBank = ladder.tiers
    .filter((tier) => tier.tier.endsWith('_bank'))
    .reduce((sum, tier) => sum + tier.total, 0);
  const rows = [
    { key: { text: bank ? 'Bank worker' : 'Agency' }, value: { text: bank ? option.displayName : option.agencyName } },
    { key: { text: 'Shift' }, value: { text: shiftTimes(shift.startsAt, shift.endsAt) } },
    { key: { text: bank ? 'Cost at the card rate' : 'Charge' }, value: { text: pounds(option.costPence) } },
  ];
  if (!bank) {
    rows.push({ key: { text: 'National price cap' }, value: { text: pounds(ladder.capCostPence) } });
    if (ladder.systemCapCostPence !== null)
      rows.push({ key: { text: 'System cap' }, value: { text: pounds(ladder.systemCapCostPence) } });
  }
  show(
    request,
    response,
    'book.njk',
    {
      title: bank ? 'Book this bank worker' : 'Book this agency',
      shift,
      rows,
      option: {
        type: bank ? 'bank' : 'agency',
        id: bank ? option.bankWorkerId : option.agencyContractId,
        signoffLevel: option.signoffLevel ?? null,
      },
      askBypass: !bank && eligibleBank > 0,
      eligibleBank,
      bypassReason: form.bypassReason ?? '',
      bypassError: form.bypassError,
      errors: form.bypassError ? [{ text: form.bypassError, href: '#bypassReason' }] : [],
    },
    status,
  );
}
