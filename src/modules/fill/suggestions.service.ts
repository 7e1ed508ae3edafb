import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../core/auth/principal.js';
import { trustScope } from '../../core/auth/principal.js';
import { type Page, paginate } from '../../core/pagination/page.js';
import { FillSuggestion } from './fill-suggestion.entity.js';
import type { SuggestedCandidate, SuggestionKind } from './fill-suggestion.entity.js';
import type { FillSuggestionView, ListFillSuggestionsQuery } from './fill.dto.js';
import { FillService } from './fill.service.js';
import {
  cheapestAgencyPence,
  expirePassedSuggestions,
  expireWithoutBank,
  raiseSuggestion,
  suggestionFrom,
} from './suggestions.js';

/**
 * Shifts of each kind a pass evaluates, soonest first: each costs a ladder (tens of milliseconds),
 * and the soonest are the ones about to cost more. The next pass takes what this one left.
 */
export const SUGGESTION_BATCH = 500;

/** The worker reads every trust's ladders as the system itself. */
const THE_SYSTEM: Principal = {
  keyId: null,
  userId: null,
  role: 'admin',
  approvalLevel: null,
  systemId: null,
  trustIds: new Set(),
  systemIds: new Set(),
  requestId: null,
};

export const suggestionView = (row: FillSuggestion): FillSuggestionView => ({
  id: row.id,
  shiftId: row.shiftId,
  trustId: row.trustId,
  systemId: row.systemId,
  kind: row.kind,
  status: row.status,
  candidates: row.candidates,
  agencyCostPence: row.agencyCostPence,
  savingPence: row.savingPence,
  bookingId: row.bookingId,
  actedBookingId: row.actedBookingId,
  savingRealisedPence: row.savingRealisedPence,
  closeReason: row.closeReason,
  raisedAt: row.raisedAt,
  closedAt: row.closedAt,
});

/** An open suggestion with what a list of them shows of its shift (the rota manager's home). */
export interface OpenSuggestionOfShift {
  id: string;
  kind: SuggestionKind;
  shiftId: string;
  trustId: string;
  wardId: string;
  startsAt: Date;
  endsAt: Date;
  /** When agencies (tier 1) see, or saw, the shift. */
  agencyReleaseAt: Date;
  candidates: SuggestedCandidate[];
  agencyCostPence: number;
  savingPence: number;
  bookingId: string | null;
}

/**
 * Fill suggestions (docs/rules.md section 10b): the worker's sweep raises them where the bank can
 * still fill a shift that is about to reach agencies (`before_agency`) or that an agency holds far
 * enough ahead to cancel (`swap_to_bank`), and expires those whose situation has passed; a booking
 * closes them in its own transaction (closeSuggestionsOnBooking).
 */
@Injectable()
export class SuggestionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fill: FillService,
  ) {}

  /** One pass over every system: what has passed expires, what is due is raised. */
  async sweep(now: Date = new Date()): Promise<{ raised: number; expired: number }> {
    let expired = await this.dataSource.transaction((manager) => expirePassedSuggestions(manager, now));
    let raised = 0;
    // Open shifts whose agency tier 1 release is within the system's lead time (or has passed), and
    // the open before_agency suggestions, which expire once no bank worker is eligible.
    const open = (await this.dataSource.query(
      `SELECT s.id, s.trust_id AS "trustId", t.system_id AS "systemId", f.id AS "suggestionId"
         FROM shifts s
         JOIN trusts t ON t.id = s.trust_id
         JOIN systems y ON y.id = t.system_id
         LEFT JOIN fill_suggestions f ON f.shift_id = s.id AND f.kind = 'before_agency' AND f.status = 'open'
        WHERE s.status = 'open' AND s.starts_at > $1::timestamptz
          AND s.release_agency_tier_1_at <= $1::timestamptz + y.suggest_lead_hours * interval '1 hour'
        ORDER BY s.starts_at, s.id
        LIMIT $2`,
      [now, SUGGESTION_BATCH],
    )) as { id: string; trustId: string; systemId: string; suggestionId: string | null }[];
    for (const shift of open) {
      const outcome = await this.dataSource.transaction(async (manager) => {
        const ladder = await this.fill.ladder(manager, shift.id, THE_SYSTEM);
        const facts = suggestionFrom(ladder, cheapestAgencyPence(ladder));
        if (facts) return (await raiseSuggestion(manager, shift, 'before_agency', facts, null)) ? 'raised' : 'held';
        return shift.suggestionId && (await expireWithoutBank(manager, shift.suggestionId)) ? 'expired' : 'none';
      });
      if (outcome === 'raised') raised += 1;
      if (outcome === 'expired') expired += 1;
    }
    // Confirmed agency bookings made without a bypass reason, of shifts starting after the agency's notice.
    const booked = (await this.dataSource.query(
      `SELECT s.id, s.trust_id AS "trustId", t.system_id AS "systemId", b.id AS "bookingId",
              b.cost_pence::bigint AS "costPence", f.id AS "suggestionId"
         FROM bookings b
         JOIN shifts s ON s.id = b.shift_id
         JOIN trusts t ON t.id = s.trust_id
         JOIN systems y ON y.id = t.system_id
         LEFT JOIN fill_suggestions f ON f.shift_id = s.id AND f.kind = 'swap_to_bank' AND f.status = 'open'
        WHERE b.type = 'agency' AND b.status = 'confirmed' AND b.bypass_reason IS NULL
          AND s.starts_at > $1::timestamptz + y.agency_notice_hours * interval '1 hour'
        ORDER BY s.starts_at, s.id
        LIMIT $2`,
      [now, SUGGESTION_BATCH],
    )) as {
      id: string;
      trustId: string;
      systemId: string;
      bookingId: string;
      costPence: string;
      suggestionId: string | null;
    }[];
    for (const shift of booked) {
      const outcome = await this.dataSource.transaction(async (manager) => {
        const ladder = await this.fill.ladder(manager, shift.id, THE_SYSTEM);
        const facts = suggestionFrom(ladder, Number(shift.costPence));
        if (facts)
          return (await raiseSuggestion(manager, shift, 'swap_to_bank', facts, shift.bookingId)) ? 'raised' : 'held';
        return shift.suggestionId && (await expireWithoutBank(manager, shift.suggestionId)) ? 'expired' : 'none';
      });
      if (outcome === 'raised') raised += 1;
      if (outcome === 'expired') expired += 1;
    }
    return { raised, expired };
  }

  async list(query: ListFillSuggestionsQuery, actor: Principal): Promise<Page<FillSuggestionView>> {
    // As every list: what is in the caller's scope, so another trust's id finds nothing (not a 404).
    const rows = this.dataSource.getRepository(FillSuggestion).createQueryBuilder('suggestion');
    const scope = trustScope(actor);
    if (scope) rows.andWhere('suggestion.trust_id = ANY(:scope)', { scope });
    if (query.trustId) rows.andWhere('suggestion.trust_id = :trustId', { trustId: query.trustId });
    if (query.systemId) rows.andWhere('suggestion.system_id = :systemId', { systemId: query.systemId });
    if (query.status) rows.andWhere('suggestion.status = :status', { status: query.status });
    if (query.kind) rows.andWhere('suggestion.kind = :kind', { kind: query.kind });
    if (query.shiftId) rows.andWhere('suggestion.shift_id = :shiftId', { shiftId: query.shiftId });
    const page = await paginate(rows, query, 'raisedAt', 'descending');
    return { items: page.items.map(suggestionView), nextCursor: page.nextCursor };
  }

  /**
   * The open suggestions of the caller's trusts (or of `trustId`), soonest shift first: at most
   * `limit`, and how many there are in all.
   */
  async openBySoonestShift(
    actor: Principal,
    options: { trustId?: string; limit: number },
  ): Promise<{ items: OpenSuggestionOfShift[]; total: number }> {
    const rows = (await this.dataSource.query(
      `SELECT f.id, f.kind, f.shift_id AS "shiftId", f.trust_id AS "trustId", s.ward_id AS "wardId",
              s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.release_agency_tier_1_at AS "agencyReleaseAt",
              f.candidates, f.agency_cost_pence::bigint AS "agencyCostPence", f.saving_pence::bigint AS "savingPence",
              f.booking_id AS "bookingId", count(*) OVER ()::int AS total
         FROM fill_suggestions f JOIN shifts s ON s.id = f.shift_id
        WHERE f.status = 'open' AND ($1::uuid[] IS NULL OR f.trust_id = ANY($1::uuid[]))
          AND ($2::uuid IS NULL OR f.trust_id = $2::uuid)
        ORDER BY s.starts_at, s.id, f.kind
        LIMIT $3`,
      [trustScope(actor), options.trustId ?? null, options.limit],
    )) as (OpenSuggestionOfShift & { total: number })[];
    return {
      items: rows.map(({ total: _total, ...row }) => ({
        ...row,
        agencyCostPence: Number(row.agencyCostPence),
        savingPence: Number(row.savingPence),
      })),
      total: rows[0]?.total ?? 0,
    };
  }
}
