import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Principal } from '../../core/auth/principal.js';
import { trustScope } from '../../core/auth/principal.js';
import { type Page, paginate } from '../../core/pagination/page.js';
import { FillSuggestion } from './fill-suggestion.entity.js';
import type { SuggestedCandidate, SuggestionKind } from './fill-suggestion.entity.js';
import type { FillSuggestionView, ListFillSuggestionsQuery } from './fill.dto.js';
import { FillService } from './fill.service.js';
import { closePassedOffers } from './offers.js';
import { Shift } from '../shifts/index.js';
import {
  cheapestAgencyPence,
  expirePassedSuggestions,
  expireWithoutBank,
  raiseSuggestions,
  suggestionFrom,
  type SuggestionToRaise,
} from './suggestions.js';

/** Shifts of each kind whose ladders a sweep gathers at once. */
export const SUGGESTION_BATCH = 500;

/** A shift due a look by the sweep (SuggestionsService.due). */
interface DueShift {
  id: string;
  trustId: string;
  systemId: string;
  startsAt: Date;
  bookingId: string | null;
  costPence: string | null;
  suggestionId: string | null;
}

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

  /**
   * One pass over every system: what has passed expires, what is due is raised. Due shifts are
   * taken SUGGESTION_BATCH at a time, soonest first, until none is left; each batch's ladders are
   * gathered together (FillService.ladders) and its suggestions written in one transaction.
   */
  async sweep(now: Date = new Date()): Promise<{ raised: number; expired: number }> {
    let expired = await this.dataSource.transaction(async (manager) => {
      // Offers to bank workers lapse at the shift's next release stage, as the suggestions' do.
      await closePassedOffers(manager, now);
      return expirePassedSuggestions(manager, now);
    });
    let raised = 0;
    for (const kind of ['before_agency', 'swap_to_bank'] as const) {
      let after: DueShift | undefined;
      for (;;) {
        const due = await this.due(kind, now, after);
        if (due.length === 0) break;
        const outcome = await this.dataSource.transaction(async (manager) => {
          const shifts = await manager.findBy(Shift, { id: In(due.map((row) => row.id)) });
          const byId = new Map(shifts.map((shift) => [shift.id, shift]));
          const present = due.filter((row) => byId.has(row.id));
          const ladders = await this.fill.ladders(
            manager,
            present.map((row) => byId.get(row.id)!),
            now,
          );
          const toRaise: SuggestionToRaise[] = [];
          const toExpire: string[] = [];
          present.forEach((row, i) => {
            const ladder = ladders[i]!;
            const agencyCost = kind === 'before_agency' ? cheapestAgencyPence(ladder) : Number(row.costPence);
            const facts = suggestionFrom(ladder, agencyCost);
            if (facts) toRaise.push({ shift: row, facts, bookingId: row.bookingId });
            else if (row.suggestionId) toExpire.push(row.suggestionId);
          });
          return {
            raised: await raiseSuggestions(manager, kind, toRaise),
            expired: await expireWithoutBank(manager, toExpire),
          };
        });
        raised += outcome.raised;
        expired += outcome.expired;
        if (due.length < SUGGESTION_BATCH) break;
        after = due[due.length - 1];
      }
    }
    return { raised, expired };
  }

  /**
   * The next shifts due a look, after `after` in (start, id) order: for `before_agency`, open shifts
   * whose agency tier 1 release is within the system's lead time (or has passed); for
   * `swap_to_bank`, confirmed agency bookings made without a bypass reason, of shifts starting after
   * the agency's notice. With the open suggestion of the kind, which expires if no bank worker is left.
   */
  private async due(kind: SuggestionKind, now: Date, after: DueShift | undefined): Promise<DueShift[]> {
    const [booking, situation] =
      kind === 'before_agency'
        ? [
            'NULL::uuid AS "bookingId", NULL::bigint AS "costPence"',
            `FROM shifts s
             JOIN trusts t ON t.id = s.trust_id JOIN systems y ON y.id = t.system_id
            WHERE s.status = 'open' AND s.starts_at > $1::timestamptz
              AND s.release_agency_tier_1_at <= $1::timestamptz + y.suggest_lead_hours * interval '1 hour'`,
          ]
        : [
            'b.id AS "bookingId", b.cost_pence::bigint AS "costPence"',
            `FROM bookings b
             JOIN shifts s ON s.id = b.shift_id
             JOIN trusts t ON t.id = s.trust_id JOIN systems y ON y.id = t.system_id
            WHERE b.type = 'agency' AND b.status = 'confirmed' AND b.bypass_reason IS NULL
              AND s.starts_at > $1::timestamptz + y.agency_notice_hours * interval '1 hour'`,
          ];
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.trust_id AS "trustId", t.system_id AS "systemId", s.starts_at AS "startsAt", ${booking},
              (SELECT f.id FROM fill_suggestions f WHERE f.shift_id = s.id AND f.kind = $2 AND f.status = 'open') AS "suggestionId"
         ${situation}
          AND ($3::timestamptz IS NULL OR (s.starts_at, s.id) > ($3::timestamptz, $4::uuid))
        ORDER BY s.starts_at, s.id
        LIMIT $5`,
      [now, kind, after?.startsAt ?? null, after?.id ?? null, SUGGESTION_BATCH],
    )) as DueShift[];
    return rows;
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
