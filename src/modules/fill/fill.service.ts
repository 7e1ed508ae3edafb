import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../core/auth/principal.js';
import { coversTrust } from '../../core/auth/principal.js';
import { fromShiftMinutesColumns } from '../shifts/band-minutes.columns.js';
import { ConflictError, NotFoundError } from '../../core/errors/domain-errors.js';
import { System } from '../organisations/system.entity.js';
import { Trust } from '../organisations/trust.entity.js';
import { RateCardsService } from '../rate-cards/rate-cards.service.js';
import { staffGroup, type StaffGroup } from '../time-bands/staff-groups.js';
import { Shift } from '../shifts/shift.entity.js';
import type { BandValues } from '../time-bands/band-schemes.js';
import { costPence } from '../time-bands/costing.js';
import {
  agencyAllowed,
  agencyTier,
  compareCandidates,
  type IneligibilityReason,
  ineligibility,
  LADDER_TIERS,
  type LadderTier,
  offFrameworkRefused,
  type RankedCandidate,
  requiredSignoff,
} from './fill-rules.js';
import type { FillOptionView, FillOptionsView } from './fill.dto.js';

interface CandidateRow {
  id: string;
  display_name: string;
  home_trust_id: string;
  grade: string;
  active: boolean;
  opted_out_of_weekly_limit: boolean;
  contracted_weekly_hours: string;
  grade_rank: number;
  cleared: boolean;
  overlaps: boolean;
  nearest_gap_minutes: string | null;
  booked_17w: string;
  booked_28d: string;
  shifts_on_ward: string;
}

interface ContractLineRow {
  contract_id: string;
  agency_id: string;
  agency_name: string;
  framework: string | null;
  tier: number;
  band: string;
  charge_rate_pence: string;
}

/** What a ladder computation knows besides the tiers: used to book and to snapshot. */
export interface Ladder extends FillOptionsView {
  shift: Shift;
  system: System;
  bandMinutes: BandValues;
  bankRates: BandValues;
  agencyRates: Map<string, BandValues>;
}

/**
 * The ladder as shown (and kept in a booking's snapshot): the best few of each tier, with the
 * tier's total, and the first ineligible workers. Booking checks the full ladder.
 */
export function ladderView(ladder: Ladder): FillOptionsView {
  return {
    shiftId: ladder.shiftId,
    capCostPence: ladder.capCostPence,
    systemCapCostPence: ladder.systemCapCostPence,
    cardCostPence: ladder.cardCostPence,
    tiers: ladder.tiers.map((tier) => ({ ...tier, options: tier.options.slice(0, MAX_OPTIONS_LISTED_PER_TIER) })),
    ineligible: ladder.ineligible.slice(0, MAX_INELIGIBLE_LISTED),
  };
}

const MAX_INELIGIBLE_LISTED = 50;
const MAX_OPTIONS_LISTED_PER_TIER = 25;

/** The fill ladder of an open shift: bank workers before any agency, with the cost of each (domain.md section 10). */
@Injectable()
export class FillService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rateCards: RateCardsService,
  ) {}

  async options(shiftId: string, actor: Principal): Promise<FillOptionsView> {
    const ladder = await this.ladder(this.dataSource.manager, shiftId, actor);
    if (ladder.shift.status !== 'open')
      throw new ConflictError(`The shift is ${ladder.shift.status}: only an open shift is filled`);
    return ladderView(ladder);
  }

  /**
   * The ladder. `exemptionRef` stands in for the shift's own when a booking brings one (admin and
   * estates agency use). Its `ineligible` list holds every worker who failed a booking rule, but of
   * those who fail only the static ones (inactive, grade, clearance) just the first
   * MAX_INELIGIBLE_LISTED, and `bankWorkerId` (the worker being booked) whatever it failed.
   */
  async ladder(
    manager: EntityManager,
    shiftId: string,
    actor: Principal,
    exemptionRef?: string,
    bankWorkerId?: string,
  ): Promise<Ladder> {
    const shift = await manager.findOneBy(Shift, { id: shiftId });
    if (!shift || !coversTrust(actor, shift.trustId)) throw NotFoundError.of('shift', shiftId);
    const trust = await manager.findOneByOrFail(Trust, { id: shift.trustId });
    const system = await manager.findOneByOrFail(System, { id: trust.systemId });
    const group = staffGroup(shift.staffGroup as StaffGroup);
    const bandMinutes = fromShiftMinutesColumns(shift.minutes);
    const times = { elapsed: shift.minutes.elapsedMinutes, paid: shift.minutes.paidMinutes };
    // Inside the caller's transaction: a booking holds the shift's row lock while it reads these.
    const rates = await this.rateCards.ratesInForce(
      system.id,
      shift.localStartDate,
      shift.staffGroup,
      shift.grade,
      manager,
    );
    const capCostPence = rates.national.id ? costPence(bandMinutes, rates.national.agencyCap, times) : null;
    const systemCapCostPence = rates.system.id ? costPence(bandMinutes, rates.system.agencyCap, times) : null;
    const cardCostPence = rates.system.id ? costPence(bandMinutes, rates.system.bankRate, times) : null;

    // Bank workers of the system in the staff group, with every fact eligibility needs: a handful of
    // index look-ups per worker on bookings (worker, starts_at).
    const shiftGradeRank = group.grades.indexOf(shift.grade as never) + 1;
    // Static facts first (active, grade, clearance); the booking look-ups run only for workers who
    // pass them, so a system's thousands of other workers cost one row each, not five look-ups.
    const candidates: CandidateRow[] = await manager.query(
      `WITH candidate AS (
         SELECT w.id, w.display_name, w.home_trust_id, w.grade, w.active, w.opted_out_of_weekly_limit,
                w.contracted_weekly_hours, array_position($7::text[], w.grade) AS grade_rank,
                EXISTS (SELECT 1 FROM bank_worker_clearances c WHERE c.bank_worker_id = w.id AND c.trust_id = $1) AS cleared
           FROM bank_workers w
           JOIN trusts home ON home.id = w.home_trust_id
          WHERE home.system_id = $2 AND w.staff_group = $3)
       SELECT candidate.*,
              -- The range expressions and status list are the exclusion constraint's, so its GiST index answers them.
              EXISTS (SELECT 1 FROM bookings b
                       WHERE b.bank_worker_id = candidate.id AND b.status IN ('pending_approval', 'confirmed') AND b.shift_id <> $8
                         AND tstzrange(b.starts_at, b.ends_at) && tstzrange($4, $5)) AS overlaps,
              (SELECT min(GREATEST(EXTRACT(EPOCH FROM ($4 - b.ends_at)), EXTRACT(EPOCH FROM (b.starts_at - $5)))) / 60
                 FROM bookings b
                WHERE b.bank_worker_id = candidate.id AND b.status IN ('pending_approval', 'confirmed') AND b.shift_id <> $8
                  AND tstzrange(b.starts_at, b.ends_at)
                      && tstzrange($4::timestamptz - interval '11 hours', $5::timestamptz + interval '11 hours')) AS nearest_gap_minutes,
              (SELECT coalesce(sum(b.paid_minutes), 0) FROM bookings b
                WHERE b.bank_worker_id = candidate.id AND b.status IN ('pending_approval', 'confirmed') AND b.shift_id <> $8
                  AND b.starts_at > $5::timestamptz - interval '17 weeks' AND b.starts_at < $5) AS booked_17w,
              (SELECT coalesce(sum(b.paid_minutes), 0) FROM bookings b
                WHERE b.bank_worker_id = candidate.id AND b.status IN ('pending_approval', 'confirmed')
                  AND b.starts_at >= $4::timestamptz - interval '28 days' AND b.starts_at < $4) AS booked_28d,
              (SELECT count(*) FROM bookings b
                WHERE b.bank_worker_id = candidate.id AND b.ward_id = $6 AND b.status = 'confirmed' AND b.ends_at <= $4) AS shifts_on_ward
         FROM candidate
        WHERE candidate.active AND candidate.grade_rank >= $9 AND (candidate.home_trust_id = $1 OR candidate.cleared)
       UNION ALL
       -- Of the workers the static rules exclude, only those the list can show: fewest reasons
       -- first (a worker not cleared shows that one reason), then id; and the worker being booked.
       (SELECT candidate.*, false, NULL, 0, 0, 0
          FROM candidate
         WHERE NOT (candidate.active AND candidate.grade_rank >= $9 AND (candidate.home_trust_id = $1 OR candidate.cleared))
         ORDER BY coalesce(candidate.id = $10::uuid, false) DESC,
                  CASE WHEN NOT (candidate.home_trust_id = $1 OR candidate.cleared) THEN 1
                       ELSE (NOT candidate.active)::int + (candidate.grade_rank < $9)::int END,
                  candidate.id
         LIMIT ${MAX_INELIGIBLE_LISTED + 1})`,
      [
        shift.trustId,
        system.id,
        shift.staffGroup,
        shift.startsAt,
        shift.endsAt,
        shift.wardId,
        [...group.grades],
        shift.id,
        shiftGradeRank,
        bankWorkerId ?? null,
      ],
    );
    const eligible: (RankedCandidate & { row: CandidateRow })[] = [];
    const ineligible: { bankWorkerId: string; reasons: IneligibilityReason[] }[] = [];
    for (const row of candidates) {
      const reasons = ineligibility({
        active: row.active,
        gradeRank: row.grade_rank,
        shiftGradeRank,
        ownTrust: row.home_trust_id === shift.trustId,
        clearedForTrust: row.cleared,
        overlaps: row.overlaps,
        nearestGapMinutes: row.nearest_gap_minutes === null ? null : Number(row.nearest_gap_minutes),
        bookedMinutesInReferencePeriod: Number(row.booked_17w),
        shiftPaidMinutes: shift.minutes.paidMinutes,
        contractedWeeklyHours: Number(row.contracted_weekly_hours),
        optedOutOfWeeklyLimit: row.opted_out_of_weekly_limit,
      });
      if (reasons.length > 0) {
        // A worker not cleared for this trust: their bookings elsewhere are none of its business.
        ineligible.push({ bankWorkerId: row.id, reasons: reasons.includes('NOT_CLEARED') ? ['NOT_CLEARED'] : reasons });
        continue;
      }
      eligible.push({
        row,
        bankWorkerId: row.id,
        exactGrade: row.grade === shift.grade,
        ownTrust: row.home_trust_id === shift.trustId,
        bookedMinutesLast28Days: Number(row.booked_28d),
        shiftsOnWard: Number(row.shifts_on_ward),
        costPence: cardCostPence,
      });
    }
    eligible.sort(compareCandidates);
    const bankOption = (candidate: (typeof eligible)[number]): FillOptionView => ({
      bankWorkerId: candidate.bankWorkerId,
      displayName: candidate.row.display_name,
      homeTrustId: candidate.row.home_trust_id,
      grade: candidate.row.grade,
      costPence: candidate.costPence,
    });

    const tiers = new Map<LadderTier, FillOptionView[]>(LADDER_TIERS.map((tier) => [tier, []]));
    for (const candidate of eligible)
      tiers.get(candidate.ownTrust ? 'own_bank' : 'collaborative_bank')!.push(bankOption(candidate));

    const agencyRates = new Map<string, BandValues>();
    if (agencyAllowed(shift.staffGroup, exemptionRef ?? shift.exemptionRef)) {
      const lines: ContractLineRow[] = await manager.query(
        `SELECT contract.id AS contract_id, agency.id AS agency_id, agency.name AS agency_name, contract.framework,
                contract.tier, line.band, line.charge_rate_pence
           FROM agency_contracts contract
           JOIN agencies agency ON agency.id = contract.agency_id
           JOIN agency_contract_lines line ON line.contract_id = contract.id AND line.staff_group = $2 AND line.grade = $3
          WHERE contract.system_id = $1 AND contract.valid_from <= $4 AND (contract.valid_to IS NULL OR contract.valid_to > $4)`,
        [system.id, shift.staffGroup, shift.grade, shift.localStartDate],
      );
      const contracts = new Map<string, { row: ContractLineRow; rates: BandValues }>();
      for (const line of lines) {
        const entry = contracts.get(line.contract_id) ?? { row: line, rates: {} };
        entry.rates[line.band as keyof BandValues] = Number(line.charge_rate_pence);
        contracts.set(line.contract_id, entry);
      }
      const agencyOptions: (FillOptionView & { tier: LadderTier })[] = [];
      for (const [contractId, { row, rates: chargeRates }] of contracts) {
        const cost = costPence(bandMinutes, chargeRates, times);
        // A contract without a rate for every band the shift touches cannot quote for it.
        if (cost === null) continue;
        agencyRates.set(contractId, chargeRates);
        const offFramework = row.framework === null;
        agencyOptions.push({
          tier: agencyTier({ offFramework, costPence: cost, systemCapCostPence, capCostPence }),
          agencyId: row.agency_id,
          agencyName: row.agency_name,
          agencyContractId: contractId,
          contractTier: row.tier,
          framework: row.framework,
          costPence: cost,
          signoffLevel: requiredSignoff(
            { type: 'agency', chargePence: cost, capCostPence, paidMinutes: times.paid, offFramework },
            system,
          ),
          refused: offFramework && offFrameworkRefused(group.ruleClass),
        });
      }
      agencyOptions.sort(
        (a, b) =>
          a.contractTier! - b.contractTier! ||
          a.costPence! - b.costPence! ||
          a.agencyContractId!.localeCompare(b.agencyContractId!),
      );
      for (const { tier, ...option } of agencyOptions) tiers.get(tier)!.push(option);
    }

    ineligible.sort((a, b) => a.reasons.length - b.reasons.length || a.bankWorkerId.localeCompare(b.bankWorkerId));
    return {
      shiftId: shift.id,
      capCostPence,
      systemCapCostPence,
      cardCostPence,
      tiers: LADDER_TIERS.map((tier) => ({ tier, total: tiers.get(tier)!.length, options: tiers.get(tier)! })),
      ineligible,
      shift,
      system,
      bandMinutes,
      bankRates: rates.system.bankRate,
      agencyRates,
    };
  }
}
