import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../core/auth/principal.js';
import { OrganisationsService } from '../organisations/index.js';
import { ReferenceService } from '../reference/index.js';
import { staffGroup, type StaffGroup } from '../time-bands/index.js';
import type { BandValues } from '../time-bands/index.js';
import { costPence, missingRates } from '../time-bands/index.js';
import type { QuoteDto, QuoteView } from './quotes.dto.js';
import { checkShift } from '../time-bands/index.js';
import { RateCardsService } from './rate-cards.service.js';

/** What a shift would cost at the national cap, the system's agency cap and its bank rate (the OpenAPI document, Quotes). */
@Injectable()
export class QuotesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly reference: ReferenceService,
    private readonly rateCards: RateCardsService,
  ) {}

  async quote(input: QuoteDto, actor: Principal): Promise<QuoteView> {
    const shift = checkShift(input);
    const trust = await this.organisations.findTrust(this.dataSource.manager, input.trustId, actor);
    const calendar = await this.reference.calendar();
    const group = staffGroup(input.staffGroup as StaffGroup);
    const bandMinutes = calendar.split(shift.startMs, shift.endMs, group.bandScheme);
    const localStartDate = calendar.localDate(shift.startMs);

    const { national, system } = await this.rateCards.ratesInForce(
      trust.systemId,
      localStartDate,
      input.staffGroup,
      input.grade,
    );
    const cost = (cardId: string | null, rates: BandValues) => (cardId ? costPence(bandMinutes, rates, shift) : null);
    const missing = (scope: 'national' | 'system', cardId: string | null, rates: BandValues) =>
      cardId ? missingRates(bandMinutes, rates).map((band) => ({ scope, cardId, band })) : [];

    return {
      localStartDate,
      elapsedMinutes: shift.elapsed,
      paidMinutes: shift.paid,
      bandMinutes: bandMinutes as Record<string, number>,
      capCostPence: cost(national.id, national.agencyCap),
      systemCapCostPence: cost(system.id, system.agencyCap),
      cardCostPence: cost(system.id, system.bankRate),
      nationalCardId: national.id,
      systemCardId: system.id,
      missingBands: [
        ...missing('national', national.id, national.agencyCap),
        ...missing('system', system.id, system.agencyCap),
      ],
    };
  }
}
