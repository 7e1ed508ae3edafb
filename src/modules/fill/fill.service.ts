import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Principal } from '../../core/auth/principal.js';
import { coversTrust } from '../../core/auth/principal.js';
import { fromShiftMinutesColumns } from '../shifts/index.js';
import { ConflictError, NotFoundError } from '../../core/errors/domain-errors.js';
import { System } from '../organisations/index.js';
import { Trust } from '../organisations/index.js';
import { RateCardsService, type RatesInForce } from '../rate-cards/index.js';
import { staffGroup, type StaffGroup } from '../time-bands/index.js';
import { Shift, storedInstants } from '../shifts/index.js';
import type { BandValues } from '../time-bands/index.js';
import { costPence } from '../time-bands/index.js';
import {
  agencyAllowed,
  type ContractOnLadder,
  LISTED_ON_LADDER,
  ladderView,
  rankLadder,
  type RankedLadder,
} from './fill-rules.js';
import type { FillOptionsView } from './fill.dto.js';
import { contractsOnLadder, workersOnLadders } from './ladder-facts.sql.js';

/** What a ladder computation knows besides the tiers: used to book and to snapshot. */
export interface Ladder extends RankedLadder {
  shift: Shift;
  system: System;
}

/** The fill ladder of an open shift: bank workers before any agency, with the cost of each (docs/rules.md section 10). */
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
   * The ladder: the facts from the database, ranked by `rankLadder`. `exemptionRef` stands in for
   * the shift's own when a booking brings one (admin and estates agency use). Its `ineligible` list
   * holds every worker who failed a booking rule, but of those who fail only the static ones
   * (inactive, grade, clearance) just the first LISTED_ON_LADDER.ineligible, and `bankWorkerId` (the
   * worker being booked) whatever it failed.
   */
  async ladder(
    manager: EntityManager,
    shiftId: string,
    actor: Principal,
    exemptionRef?: string,
    bankWorkerId?: string,
  ): Promise<Ladder> {
    const shift = await this.shiftInScope(shiftId, actor, manager);
    const [ladder] = await this.rank(manager, [shift], {
      exemptionRef,
      bankWorkerId: bankWorkerId ?? null,
      listIneligible: LISTED_ON_LADDER.ineligible + 1,
      now: new Date(),
    });
    return ladder!;
  }

  /** The shift, or 404 when there is none in the caller's scope. */
  async shiftInScope(
    shiftId: string,
    actor: Principal,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Shift> {
    const shift = await manager.findOneBy(Shift, { id: shiftId });
    if (!shift || !coversTrust(actor, shift.trustId)) throw NotFoundError.of('shift', shiftId);
    return shift;
  }

  /**
   * The ladders of many shifts at once, in their order (the suggestions sweep): the facts of all of
   * them in one statement per kind, each ranked by the same `rankLadder`. Workers who fail only the
   * static rules are left out of `ineligible`; releases are judged at `now`. With `onlyWorker`, the
   * ladders hold that bank worker alone (the shifts a bank worker may take).
   */
  ladders(manager: EntityManager, shifts: Shift[], now: Date, onlyWorker: string | null = null): Promise<Ladder[]> {
    return this.rank(manager, shifts, { bankWorkerId: null, listIneligible: 0, now, onlyWorker });
  }

  /**
   * The ladders of shifts as an agency sees them (docs/rules.md section 14): their contracts, caps
   * and releases judged at `now`, and no bank worker, whom an agency never sees.
   */
  agencyLadders(manager: EntityManager, shifts: Shift[], now: Date): Promise<Ladder[]> {
    return this.rank(manager, shifts, { bankWorkerId: null, listIneligible: 0, now, withoutWorkers: true });
  }

  private async rank(
    manager: EntityManager,
    shifts: Shift[],
    options: {
      exemptionRef?: string;
      bankWorkerId: string | null;
      listIneligible: number;
      now: Date;
      onlyWorker?: string | null;
      withoutWorkers?: boolean;
    },
  ): Promise<Ladder[]> {
    if (shifts.length === 0) return [];
    const trusts = await manager.findBy(Trust, { id: In([...new Set(shifts.map((shift) => shift.trustId))]) });
    const systems = await manager.findBy(System, { id: In([...new Set(trusts.map((trust) => trust.systemId))]) });
    const systemOf = new Map(
      trusts.map((trust) => [trust.id, systems.find((system) => system.id === trust.systemId)!]),
    );
    // Shifts of one system, date, staff group and grade share their rates and contracts: read once.
    const rates = new Map<string, Promise<RatesInForce>>();
    const contracts = new Map<string, Promise<ContractOnLadder[]>>();
    const line = (shift: Shift) =>
      `${systemOf.get(shift.trustId)!.id} ${shift.localStartDate} ${shift.staffGroup} ${shift.grade}`;
    const workers = options.withoutWorkers
      ? new Map(shifts.map((shift) => [shift.id, []]))
      : await workersOnLadders(
          manager,
          shifts.map((shift) => ({
            shift,
            systemId: systemOf.get(shift.trustId)!.id,
            grades: staffGroup(shift.staffGroup as StaffGroup).grades,
          })),
          options,
        );
    const ladders: Ladder[] = [];
    // In turn, not at once: inside the caller's transaction, one connection (a booking holds the
    // shift's row lock while it reads these).
    for (const shift of shifts) {
      const system = systemOf.get(shift.trustId)!;
      const group = staffGroup(shift.staffGroup as StaffGroup);
      const bandMinutes = fromShiftMinutesColumns(shift.minutes);
      const times = { elapsed: shift.minutes.elapsedMinutes, paid: shift.minutes.paidMinutes };
      const key = line(shift);
      if (!rates.has(key))
        rates.set(
          key,
          this.rateCards.ratesInForce(system.id, shift.localStartDate, shift.staffGroup, shift.grade, manager),
        );
      const inForce = await rates.get(key)!;
      const cost = (cardId: string | null, lineRates: BandValues) =>
        cardId ? costPence(bandMinutes, lineRates, times) : null;
      const allowed = agencyAllowed(shift.staffGroup, options.exemptionRef ?? shift.exemptionRef);
      if (allowed && !contracts.has(key)) contracts.set(key, contractsOnLadder(manager, shift, system.id));
      const ranked = rankLadder({
        shiftId: shift.id,
        staffGroup: shift.staffGroup,
        shiftGrade: shift.grade,
        ruleClass: group.ruleClass,
        bandMinutes,
        times,
        settings: system,
        bankRates: inForce.system.bankRate,
        capCostPence: cost(inForce.national.id, inForce.national.agencyCap),
        systemCapCostPence: cost(inForce.system.id, inForce.system.agencyCap),
        cardCostPence: cost(inForce.system.id, inForce.system.bankRate),
        agencyAllowed: allowed,
        workers: workers.get(shift.id)!,
        contracts: allowed ? await contracts.get(key)! : [],
        releases: { instants: storedInstants(shift), now: options.now },
      });
      ladders.push({ ...ranked, shift, system });
    }
    return ladders;
  }
}
