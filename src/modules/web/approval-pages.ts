import type { RequestHandler, Response, Router } from 'express';
import { InvalidInputError, NotFoundError } from '../../core/errors/domain-errors.js';
import { validateInput } from '../../core/validation/validate-input.js';
import { BookingDecisionDto, BookingsService, ListBookingsQuery } from '../bookings/index.js';
import { OrganisationsService } from '../organisations/index.js';
import { londonDate } from '../time-bands/index.js';
import { formFields, type PageRequest, redirectAfterSave, show } from './page-context.js';
import { bankWhenBooked, pounds, shiftTimes } from './words.js';

export interface ApprovalPageServices {
  bookings: BookingsService;
  organisations: OrganisationsService;
}

/** A queue page an approver can work through: the soonest shifts first, then the next page. */
const APPROVALS_PER_PAGE = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The approver's queue: bookings waiting for a sign-off their level covers; approve, or reject with a reason. */
export function approvalPages(router: Router, services: ApprovalPageServices, access: RequestHandler) {
  router.get('/approvals', access, async (request: PageRequest, response: Response) => {
    const principal = request.principal!;
    const earlier = request.query.earlier === '1';
    const query = await validateInput(ListBookingsQuery, {
      awaitingMyApproval: true,
      // Shifts still to come first; those already worked and still unsigned are a link away.
      from: earlier ? undefined : londonDate(),
      limit: APPROVALS_PER_PAGE,
      cursor: typeof request.query.cursor === 'string' && request.query.cursor ? request.query.cursor : undefined,
    });
    const page = await services.bookings.list(query, principal);
    const [wards, who] = await Promise.all([
      services.organisations.wardsInScope(
        principal,
        page.items.map((booking) => booking.wardId),
      ),
      services.bookings.whoIsBooked(page.items),
    ]);
    const wardById = new Map(wards.map((ward) => [ward.id, ward]));
    const bookings = page.items.map((booking) => {
      const ward = wardById.get(booking.wardId);
      const cap = (booking.ladder.capCostPence as number | null | undefined) ?? null;
      return {
        ...booking,
        shiftName: shiftTimes(booking.startsAt, booking.endsAt),
        where: `${ward?.name ?? ''}, ${ward?.trustName ?? ''}`,
        who: who.get(booking.id) ?? '',
        capCostPence: cap,
        overPence: cap === null ? null : Math.max(0, booking.costPence - cap),
        bankOptions: bankWhenBooked(booking.ladder, booking.eligibleBankCount, booking.bestBankCostPence),
      };
    });
    show(request, response, 'approvals.njk', {
      title: 'Waiting for sign-off',
      bookings,
      level: principal.approvalLevel,
      earlier,
      nextHref: page.nextCursor
        ? `/approvals?${earlier ? 'earlier=1&' : ''}cursor=${encodeURIComponent(page.nextCursor)}`
        : null,
    });
  });

  router.post('/approvals/:id', access, async (request: PageRequest, response: Response) => {
    const id = String(request.params.id);
    if (!UUID.test(id)) throw NotFoundError.of('booking', id);
    const { decision, ...fields } = formFields(request);
    if (decision !== 'approve' && decision !== 'reject') {
      throw new InvalidInputError('Choose approve or reject', [{ field: 'decision', message: 'approve or reject' }]);
    }
    const input = await validateInput(BookingDecisionDto, fields);
    if (decision === 'reject' && !input.reason) {
      throw new InvalidInputError('Give a reason to reject the booking: the rota manager sees it', [
        { field: 'reason', message: 'required to reject' },
      ]);
    }
    const booking =
      decision === 'approve'
        ? await services.bookings.approve(id, input, request.principal!)
        : await services.bookings.reject(id, input, request.principal!);
    const who = (await services.bookings.whoIsBooked([booking])).get(booking.id);
    request.session.flash = `${decision === 'approve' ? 'Approved' : 'Rejected'}: ${who}, ${pounds(booking.costPence)}.`;
    await redirectAfterSave(request, response, '/approvals');
  });
}
