import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../core/auth/principal.js';
import { NotFoundError } from '../../core/errors/domain-errors.js';
import { type Page, paginate } from '../../core/pagination/page.js';
import { FillService } from '../fill/index.js';
import { Booking } from '../bookings/index.js';
import { fromShiftMinutesColumns, Shift, shiftPlaces } from '../shifts/index.js';
import { londonDate } from '../time-bands/index.js';
import { agencyOptionOf, capPosition, submittedRates } from './agency-option.js';
import type { AgencyBookingsQuery, AgencyBookingView, AgencyShiftsQuery, AgencyShiftView } from './submissions.dto.js';

/** The release column of a contract's cascade stage (docs/rules.md section 10a: off-framework is tier 3). */
const CONTRACT_RELEASE_SQL = `CASE WHEN c.framework IS NULL OR c.tier = 3 THEN s.release_agency_tier_3_at
                                  WHEN c.tier = 2 THEN s.release_agency_tier_2_at
                                  ELSE s.release_agency_tier_1_at END`;

/**
 * What an agency sees (docs/rules.md section 14): the open shifts released to it, with its own
 * contract's cost, and its own bookings. Never a bank worker, another agency or its rates.
 */
@Injectable()
export class AgencyViewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fill: FillService,
  ) {}

  /**
   * Open shifts not yet started whose stage for one of the agency's contracts is released, soonest
   * first: the database narrows them to the agency's contracted lines, then each shift's ladder (the
   * same rules a submission meets) says what the agency's option is. A shift on which off-framework
   * use is refused, or that the ladder offers it no option on, is left out.
   */
  async shifts(query: AgencyShiftsQuery, actor: Principal): Promise<Page<AgencyShiftView>> {
    const agencyId = agencyOf(actor);
    const now = new Date();
    const shifts = this.dataSource
      .getRepository(Shift)
      .createQueryBuilder('s')
      .innerJoin('trusts', 't', 't.id = s.trust_id')
      .where(`s.status = 'open' AND s.starts_at > :now AND s.local_start_date >= :from`, {
        now,
        from: query.from ?? londonDate(now),
      })
      .andWhere(
        `EXISTS (SELECT 1 FROM agency_contracts c
                   JOIN agency_contract_lines l ON l.contract_id = c.id
                        AND l.staff_group = s.staff_group AND l.grade = s.grade
                  WHERE c.agency_id = :agencyId AND c.system_id = t.system_id
                    AND c.valid_from <= s.local_start_date AND (c.valid_to IS NULL OR c.valid_to > s.local_start_date)
                    AND ${CONTRACT_RELEASE_SQL} <= :now)`,
        { agencyId },
      );
    if (query.to) shifts.andWhere('s.local_start_date < :to', { to: query.to });
    if (query.staffGroup) shifts.andWhere('s.staff_group = :group', { group: query.staffGroup });
    const page = await paginate(shifts, query, 'startsAt');
    const items = await this.viewsOf(page.items, agencyId, now);
    return { items, nextCursor: page.nextCursor };
  }

  /** One shift as the agency sees it, or 404 when it is not released to it (or not open, or started). */
  async shift(shiftId: string, actor: Principal): Promise<AgencyShiftView> {
    const agencyId = agencyOf(actor);
    const now = new Date();
    const shift = await this.dataSource.manager.findOneBy(Shift, { id: shiftId });
    const open = shift && shift.status === 'open' && shift.startsAt.getTime() > now.getTime();
    const [view] = open ? await this.viewsOf([shift], agencyId, now) : [];
    if (!view) throw NotFoundError.of('shift', shiftId);
    return view;
  }

  /** What the agency sees of each shift: its option on the shift's ladder; a shift with none is left out. */
  private async viewsOf(shifts: Shift[], agencyId: string, now: Date): Promise<AgencyShiftView[]> {
    const ladders = await this.fill.agencyLadders(this.dataSource.manager, shifts, now);
    const places = await shiftPlaces(this.dataSource.manager, shifts);
    const items: AgencyShiftView[] = [];
    for (const ladder of ladders) {
      const option = agencyOptionOf(ladder, agencyId);
      if (!option || option.refused || option.costPence === null) continue;
      const shift = ladder.shift;
      items.push({
        id: shift.id,
        ...places.get(shift.id)!,
        bandMinutes: fromShiftMinutesColumns(shift.minutes) as Record<string, number>,
        agencyContractId: option.agencyContractId!,
        ratesPence: submittedRates(ladder, ladder.agencyRates.get(option.agencyContractId!)!, undefined) as Record<
          string,
          number
        >,
        costPence: option.costPence,
        capPosition: capPosition(ladder, option.framework === null, option.costPence),
        signoffLevel: option.signoffLevel ?? null,
        releasedAt: option.releaseAt,
      });
    }
    return items;
  }

  /**
   * The agency's bookings, soonest shift first, with what its invoices refer to: the booking's id,
   * its worker, cost, timesheet (worked times and amount) and its counting invoice line's status.
   */
  async bookings(query: AgencyBookingsQuery, actor: Principal): Promise<Page<AgencyBookingView>> {
    const agencyId = agencyOf(actor);
    const bookings = this.dataSource
      .getRepository(Booking)
      .createQueryBuilder('b')
      .innerJoin('agency_contracts', 'c', 'c.id = b.agency_contract_id AND c.agency_id = :agencyId', { agencyId })
      .innerJoin('shifts', 's', 's.id = b.shift_id');
    if (query.from) bookings.andWhere('s.local_start_date >= :from', { from: query.from });
    if (query.to) bookings.andWhere('s.local_start_date < :to', { to: query.to });
    const page = await paginate(bookings, query, 'startsAt');
    const rows = (await this.dataSource.query(
      `SELECT b.id, b.shift_id AS "shiftId", s.trust_id AS "trustId", t.name AS "trustName", w.name AS "wardName",
              s.staff_group AS "staffGroup", s.grade, b.starts_at AS "startsAt", b.ends_at AS "endsAt",
              b.status, b.cost_pence::int AS "costPence", b.rates_pence AS "ratesPence",
              b.required_signoff AS "requiredSignoff",
              CASE WHEN aw.id IS NULL THEN NULL ELSE json_build_object(
                'agencyWorkerId', aw.id, 'displayName', aw.display_name, 'registration', aw.registration) END AS "agencyWorker",
              CASE WHEN ts.id IS NULL THEN NULL ELSE json_build_object(
                'startedAt', ts.started_at, 'endedAt', ts.ended_at, 'paidMinutes', ts.paid_minutes,
                'amountPence', ts.amount_pence) END AS timesheet,
              CASE WHEN ts.id IS NULL THEN 'awaited' ELSE 'submitted' END AS "timesheetStatus",
              coalesce(il.status, 'not_invoiced') AS "invoiceStatus", inv.invoice_number AS "invoiceNumber"
         FROM bookings b
         JOIN shifts s ON s.id = b.shift_id
         JOIN trusts t ON t.id = s.trust_id
         JOIN wards w ON w.id = s.ward_id
         LEFT JOIN agency_workers aw ON aw.id = b.agency_worker_id
         LEFT JOIN timesheets ts ON ts.booking_id = b.id
         LEFT JOIN invoice_lines il ON il.booking_id = b.id AND il.status NOT IN ('duplicate', 'no_booking')
         LEFT JOIN invoices inv ON inv.id = il.invoice_id
        WHERE b.id = ANY($1::uuid[])`,
      [page.items.map((booking) => booking.id)],
    )) as AgencyBookingView[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return { items: page.items.map((booking) => byId.get(booking.id)!), nextCursor: page.nextCursor };
  }
}

/** The caller's agency; an admin, who has none, is told so. */
function agencyOf(actor: Principal): string {
  if (!actor.agencyId) throw new NotFoundError('These are an agency’s own views: call them with an agency’s key');
  return actor.agencyId;
}
