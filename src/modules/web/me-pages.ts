import type { RequestHandler, Response, Router } from 'express';
import { ConflictError, NotFoundError, RuleViolationError } from '../../core/errors/domain-errors.js';
import { validateInput } from '../../core/validation/validate-input.js';
import {
  type AvailableShiftView,
  CancelMyBookingDto,
  type MeService,
  type MyBookingView,
  ShiftGone,
} from '../me/index.js';
import { formFields, type PageRequest, redirectAfterSave, show, showMessage } from './page-context.js';
import { hours, londonTime, londonWhen, pounds, shiftTimes } from './words.js';

export interface MePageServices {
  me: MeService;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idParam = (request: PageRequest, what: string): string => {
  const id = String(request.params.id);
  if (!UUID.test(id)) throw NotFoundError.of(what, id);
  return id;
};

/** A shift as the worker's pages show it: where, when, for how long, and the pay. */
const shiftCard = (shift: AvailableShiftView) => ({
  id: shift.shiftId,
  when: shiftTimes(shift.startsAt, shift.endsAt),
  where: `${shift.wardName}, ${shift.trustName}`,
  length: `${hours(shift.paidMinutes)} paid (${shift.breakMinutes} minutes’ break)`,
  pay: shift.payPence === null ? 'At the bank rate' : pounds(shift.payPence),
  offeredUntil: shift.offer ? londonWhen(shift.offer.expiresAt) : null,
});

const bookingCard = (booking: MyBookingView, now = Date.now()) => ({
  id: booking.id,
  when: shiftTimes(booking.startsAt, booking.endsAt),
  where: `${booking.wardName}, ${booking.trustName}`,
  pay: pounds(booking.payPence),
  waiting: booking.status === 'pending_approval',
  cancelUntil:
    booking.cancellableUntil && booking.cancellableUntil.getTime() > now ? londonWhen(booking.cancellableUntil) : null,
});

/**
 * A bank worker's pages (docs/rules.md section 10c), mobile-first: the shifts offered to them and
 * those they may take, with their pay; taking one (the one booking function, first come first
 * served); their upcoming shifts and cancelling one within the notice; their timesheets.
 */
export function mePages(router: Router, services: MePageServices, access: RequestHandler) {
  router.get('/me', access, async (request: PageRequest, response: Response) => {
    const principal = request.principal!;
    const [me, available, upcoming] = await Promise.all([
      services.me.me(principal),
      services.me.available({}, principal),
      services.me.bookingsOf(principal, 'upcoming'),
    ]);
    show(request, response, 'me.njk', {
      title: 'Your shifts',
      me,
      offered: available.filter((shift) => shift.offer).map(shiftCard),
      others: available.filter((shift) => !shift.offer).map(shiftCard),
      upcoming: upcoming.map((booking) => bookingCard(booking)),
    });
  });

  // The link an offer's e-mail gives: the shift if it is still there for the worker, else why not.
  router.get('/me/shifts/:id', access, async (request: PageRequest, response: Response) => {
    const id = idParam(request, 'shift');
    const principal = request.principal!;
    const [shift, upcoming] = await Promise.all([
      services.me.availableShift(id, principal),
      services.me.bookingsOf(principal, 'upcoming'),
    ]);
    const mine = upcoming.find((booking) => booking.shiftId === id);
    if (mine) return show(request, response, 'me-shift.njk', { title: 'You are booked', booked: bookingCard(mine) });
    if (!shift)
      return (await services.me.isOpen(id, principal))
        ? cannotTake(request, response, 200)
        : gone(request, response, 200);
    show(request, response, 'me-shift.njk', {
      title: shift.offer ? 'A shift offered to you' : 'A shift you can work',
      shift: shiftCard(shift),
    });
  });

  router.post('/me/shifts/:id/take', access, (request: PageRequest, response: Response) =>
    takeShift(services, request, response),
  );

  router.get('/me/bookings/:id/cancel', access, async (request: PageRequest, response: Response) => {
    const booking = await ownBooking(services, request);
    // Already cancelled, ended, or inside the notice: nothing to confirm.
    if (!bookingCard(booking).cancelUntil) return cannotCancel(request, response, booking);
    show(request, response, 'me-cancel.njk', {
      title: 'Cancel this shift?',
      booking: bookingCard(booking),
      errors: [],
    });
  });

  router.post('/me/bookings/:id/cancel', access, (request: PageRequest, response: Response) =>
    cancelBooking(services, request, response),
  );

  router.get('/me/timesheets', access, async (request: PageRequest, response: Response) => {
    const timesheets = await services.me.timesheets(request.principal!);
    show(request, response, 'me-timesheets.njk', {
      title: 'Your timesheets',
      timesheets: timesheets.map((timesheet) => ({
        when: shiftTimes(timesheet.startedAt, timesheet.endedAt),
        where: `${timesheet.wardName}, ${timesheet.trustName}`,
        paid: `${hours(timesheet.paidMinutes)} (${timesheet.breakMinutes} minutes’ break)`,
        amount: pounds(timesheet.amountPence),
        recorded: londonTime(timesheet.startedAt),
      })),
    });
  });
}

/** The caller's own booking named by the path (404 for anyone else's). */
const ownBooking = (services: MePageServices, request: PageRequest): Promise<MyBookingView> =>
  services.me.booking(idParam(request, 'booking'), request.principal!);

function cannotTake(request: PageRequest, response: Response, status: number): void {
  showMessage(
    request,
    response,
    status,
    'You cannot take this shift',
    [
      'It is not one you can work now: you may be booked near it (you need 11 hours’ rest between shifts), be near the 48-hour weekly average, or it is not yet open to you.',
      'Nothing has been booked for you.',
    ],
    { text: 'See the shifts you can work', href: '/me' },
  );
}

function gone(request: PageRequest, response: Response, status: number): void {
  showMessage(
    request,
    response,
    status,
    'This shift has gone',
    ['Someone else took it first, or it was filled or cancelled. Nothing has been booked for you.'],
    { text: 'See the shifts you can work', href: '/me' },
  );
}

/** Takes the shift for the signed-in worker; whoever loses a race is told that it has gone. */
async function takeShift(services: MePageServices, request: PageRequest, response: Response) {
  const id = idParam(request, 'shift');
  try {
    const booking = await services.me.take(id, request.principal!);
    request.session.flash =
      booking.status === 'pending_approval'
        ? `You have taken ${shiftTimes(booking.startsAt, booking.endsAt)} at ${booking.wardName}. It waits for sign-off before it is confirmed.`
        : `You are booked: ${shiftTimes(booking.startsAt, booking.endsAt)} at ${booking.wardName}, ${booking.trustName}.`;
    await redirectAfterSave(request, response, '/me');
  } catch (error) {
    if (error instanceof ShiftGone) return gone(request, response, 409);
    if (error instanceof NotFoundError) return gone(request, response, 404);
    if (error instanceof RuleViolationError || error instanceof ConflictError)
      return cannotTake(request, response, error instanceof ConflictError ? 409 : 422);
    throw error;
  }
}

/** Cancels the worker's own booking within the notice; after it, says whom to call. */
async function cancelBooking(services: MePageServices, request: PageRequest, response: Response) {
  const booking = await ownBooking(services, request);
  const input = await validateInput(CancelMyBookingDto, formFields(request));
  try {
    await services.me.cancel(booking.id, input.reason, request.principal!);
  } catch (error) {
    if (!(error instanceof RuleViolationError)) throw error;
    return cannotCancel(request, response, booking);
  }
  request.session.flash = `You have cancelled ${shiftTimes(booking.startsAt, booking.endsAt)} at ${booking.wardName}. The ward has been told.`;
  await redirectAfterSave(request, response, '/me');
}

/** Why a booking cannot be cancelled here: not active any more, or its shift is within the notice. */
function cannotCancel(request: PageRequest, response: Response, booking: MyBookingView): void {
  const active = booking.status === 'confirmed' || booking.status === 'pending_approval';
  showMessage(
    request,
    response,
    active ? 422 : 409,
    active ? 'It is too late to cancel here' : 'This booking is not active',
    [
      active
        ? `The shift starts ${londonWhen(booking.startsAt)}. Call the bank office or the ward to say you cannot work it.`
        : `It is ${booking.status === 'cancelled' ? 'cancelled' : booking.status.replace('_', ' ')} already.`,
    ],
    { text: 'Back to your shifts', href: '/me' },
  );
}
