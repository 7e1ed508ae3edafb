import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../core/auth/principal.js';
import { coversTrust } from '../../core/auth/principal.js';
import { fromShiftMinutesColumns } from '../shifts/index.js';
import { ConflictError, NotFoundError } from '../../core/errors/domain-errors.js';
import { System } from '../organisations/index.js';
import { Trust } from '../organisations/index.js';
import { RateCardsService } from '../rate-cards/index.js';
import { staffGroup, type StaffGroup } from '../time-bands/index.js';
import { Shift, storedInstants } from '../shifts/index.js';
import type { BandValues } from '../time-bands/index.js';
import { costPence } from '../time-bands/index.js';
import { agencyAllowed, ladderView, rankLadder, type RankedLadder } from './fill-rules.js';
import type { FillOptionsView } from './fill.dto.js';
import { contractsOnLadder, workersOnLadder } from './ladder-facts.sql.js';

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
    const cost = (cardId: string | null, lineRates: BandValues) =>
      cardId ? costPence(bandMinutes, lineRates, times) : null;
    const allowed = agencyAllowed(shift.staffGroup, exemptionRef ?? shift.exemptionRef);
    const ranked = rankLadder({
      shiftId: shift.id,
      shiftGrade: shift.grade,
      ruleClass: group.ruleClass,
      bandMinutes,
      times,
      settings: system,
      bankRates: rates.system.bankRate,
      capCostPence: cost(rates.national.id, rates.national.agencyCap),
      systemCapCostPence: cost(rates.system.id, rates.system.agencyCap),
      cardCostPence: cost(rates.system.id, rates.system.bankRate),
      agencyAllowed: allowed,
      workers: await workersOnLadder(manager, shift, system.id, group.grades, bankWorkerId ?? null),
      contracts: allowed ? await contractsOnLadder(manager, shift, system.id) : [],
      releases: { instants: storedInstants(shift), now: new Date() },
    });
    return { ...ranked, shift, system };
  }
}
