import { WorkerSignals } from '../../core/queues/worker-signals.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import { coversSystem, governsSystem, type Principal, systemScope } from '../../core/auth/principal.js';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
} from '../../core/errors/domain-errors.js';
import { type Page, paginate } from '../../core/pagination/page.js';
import { System } from '../organisations/index.js';
import type { BandValues } from '../time-bands/index.js';
import { CsvError, diffLines, type Line, lineErrors, linesFromCsv, linesToCsv, sortLines } from './rate-card-lines.js';
import { RateCardLine } from './rate-card-line.entity.js';
import { RateCard, type RateCardScope } from './rate-card.entity.js';
import {
  type CreateRateCardDto,
  type ListRateCardsQuery,
  type RateCardDiffView,
  RateCardHeaderDto,
  RateCardLinesDto,
  type RateCardLineDto,
  type RateCardView,
  type RateCardWithLinesView,
} from './rate-cards.dto.js';
import { validateInput } from '../../core/validation/validate-input.js';

export interface CardRates {
  id: string | null;
  agencyCap: BandValues;
  bankRate: BandValues;
}

export interface RatesInForce {
  national: CardRates;
  system: CardRates;
}

const cardView = (card: RateCard): RateCardView => ({
  id: card.id,
  scope: card.scope,
  systemId: card.systemId,
  name: card.name,
  status: card.status,
  effectiveFrom: card.effectiveFrom,
  effectiveTo: card.effectiveTo,
  publishedAt: card.publishedAt,
  publishedBy: card.publishedByKeyId,
  supersededById: card.supersededById,
  createdAt: card.createdAt,
  updatedAt: card.updatedAt,
});

const lineView = (line: RateCardLine): Line => ({
  staffGroup: line.staffGroup,
  grade: line.grade,
  band: line.band,
  agencyCapPence: line.agencyCapPence,
  bankRatePence: line.bankRatePence,
});

const toLines = (lines: RateCardLineDto[]): Line[] =>
  lines.map((line) => ({ ...line, bankRatePence: line.bankRatePence ?? null }));

/** National and system rate cards: drafts, publication, versions, diff and CSV (docs/rules.md section 6). */
@Injectable()
export class RateCardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly signals: WorkerSignals,
  ) {}

  async create(input: CreateRateCardDto, actor: Principal): Promise<RateCardWithLinesView> {
    this.checkHeader(input);
    const lines = this.checkedLines(input.scope, toLines(input.lines));
    return this.dataSource.transaction(async (manager) => {
      await this.assertMayEdit(manager, actor, input.scope, input.systemId ?? null);
      const card = await manager.save(
        manager.create(RateCard, {
          scope: input.scope,
          systemId: input.systemId ?? null,
          name: input.name,
          effectiveFrom: input.effectiveFrom,
          effectiveTo: input.effectiveTo ?? null,
          createdByKeyId: actor.keyId,
        }),
      );
      await this.insertLines(manager, card.id, lines);
      const created = await this.withLines(manager, await manager.findOneByOrFail(RateCard, { id: card.id }));
      await this.audit.record(manager, actor, 'rate_card.create', 'rate_card', card.id, null, created);
      return created;
    });
  }

  /** `POST /rate-cards` with a text/csv body: the header fields come in the query string. */
  async createFromCsv(query: unknown, csv: unknown, actor: Principal): Promise<RateCardWithLinesView> {
    const header = await validateInput(RateCardHeaderDto, query);
    if (typeof csv !== 'string') throw new InvalidInputError('Send the lines as a text/csv body');
    const { lines } = await validateInput(RateCardLinesDto, { lines: this.parseCsv(csv) });
    return this.create({ ...header, lines }, actor);
  }

  async replaceLines(id: string, input: RateCardLinesDto, actor: Principal): Promise<RateCardWithLinesView> {
    return this.dataSource.transaction(async (manager) => {
      const card = await this.lockCard(manager, id, actor);
      await this.assertMayEdit(manager, actor, card.scope, card.systemId);
      if (card.status === 'published')
        throw new ConflictError('A published card is never edited: create a new version');
      const lines = this.checkedLines(card.scope, toLines(input.lines));
      const before = await this.withLines(manager, card);
      await manager.delete(RateCardLine, { cardId: id });
      await this.insertLines(manager, id, lines);
      await manager.update(RateCard, { id }, { updatedAt: new Date() });
      const after = await this.withLines(manager, await manager.findOneByOrFail(RateCard, { id }));
      await this.audit.record(manager, actor, 'rate_card.replace_lines', 'rate_card', id, before, after);
      return after;
    });
  }

  /**
   * Publishes a draft. A published card with an open end date that starts earlier is closed the
   * day this one starts (a new version replaces it); any other overlap is refused by the database.
   */
  async publish(id: string, actor: Principal): Promise<RateCardView> {
    let published: RateCardView;
    try {
      published = await this.dataSource.transaction(async (manager) => {
        const card = await this.lockCard(manager, id, actor);
        await this.assertMayEdit(manager, actor, card.scope, card.systemId);
        // One publication at a time per scope and system, so two never race over the same
        // predecessor or deadlock inside the exclusion constraint.
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('rate_card_publish:' || $1 || ':' || $2))`, [
          card.scope,
          card.systemId ?? '',
        ]);
        if (card.status === 'published') throw new ConflictError('The card is already published');
        if ((await manager.countBy(RateCardLine, { cardId: id })) === 0) {
          throw new RuleViolationError('EMPTY_RATE_CARD', 'A card needs at least one line before it is published');
        }
        // A new open-ended version replaces the open-ended card before it; a card with an end date
        // replaces nothing, so any overlap it has is refused below by the exclusion constraint.
        const superseded: { id: string }[] =
          card.effectiveTo !== null
            ? []
            : ((
                await manager
                  .createQueryBuilder()
                  .update(RateCard)
                  .set({ effectiveTo: card.effectiveFrom, supersededById: id })
                  .where(`status = 'published' AND scope = :scope AND system_id IS NOT DISTINCT FROM :systemId`, {
                    scope: card.scope,
                    systemId: card.systemId,
                  })
                  .andWhere('effective_to IS NULL AND effective_from < :from', { from: card.effectiveFrom })
                  .returning(['id'])
                  .execute()
              ).raw as { id: string }[]);
        for (const previous of superseded) {
          await this.audit.record(
            manager,
            actor,
            'rate_card.supersede',
            'rate_card',
            previous.id,
            { effectiveTo: null },
            {
              effectiveTo: card.effectiveFrom,
              supersededById: id,
            },
          );
        }
        await manager.update(
          RateCard,
          { id },
          { status: 'published', publishedAt: new Date(), publishedByKeyId: actor.keyId },
        );
        const published = cardView(await manager.findOneByOrFail(RateCard, { id }));
        await this.audit.record(manager, actor, 'rate_card.publish', 'rate_card', id, cardView(card), published);
        return published;
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23P01') {
        throw await this.overlapConflict(id);
      }
      throw error;
    }
    // The bookings the card governs are re-checked against it by a compliance run.
    await this.signals.cardPublished(id);
    return published;
  }

  /**
   * The national card and the system's card in force on a local date, with their rates for one
   * staff group and grade, in one statement. Ids are null where no card is in force.
   */
  async ratesInForce(
    systemId: string,
    localDate: string,
    staffGroup: string,
    grade: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RatesInForce> {
    const rows: {
      card_id: string;
      scope: RateCardScope;
      band: string | null;
      agency_cap_pence: string | null;
      bank_rate_pence: string | null;
    }[] = await manager.query(
      `SELECT card.id AS card_id, card.scope, line.band, line.agency_cap_pence, line.bank_rate_pence
           FROM rate_cards card
           LEFT JOIN rate_card_lines line ON line.card_id = card.id AND line.staff_group = $3 AND line.grade = $4
          WHERE card.status = 'published'
            AND (card.system_id IS NULL OR card.system_id = $1)
            AND card.effective_from <= $2 AND (card.effective_to IS NULL OR card.effective_to > $2)`,
      [systemId, localDate, staffGroup, grade],
    );
    const card = (scope: RateCardScope) => {
      const lines = rows.filter((row) => row.scope === scope);
      const rates = (column: 'agency_cap_pence' | 'bank_rate_pence'): BandValues =>
        Object.fromEntries(
          lines
            .filter((row) => row.band !== null && row[column] !== null)
            .map((row) => [row.band, Number(row[column])]),
        );
      return {
        id: lines[0]?.card_id ?? null,
        agencyCap: rates('agency_cap_pence'),
        bankRate: rates('bank_rate_pence'),
      };
    };
    return { national: card('national'), system: card('system') };
  }

  async list(query: ListRateCardsQuery, actor: Principal): Promise<Page<RateCardView>> {
    const cards = this.dataSource.getRepository(RateCard).createQueryBuilder('card');
    const scope = systemScope(actor);
    if (scope) cards.andWhere('(card.system_id IS NULL OR card.system_id = ANY(:scope))', { scope });
    if (query.scope) cards.andWhere('card.scope = :kind', { kind: query.scope });
    if (query.systemId) cards.andWhere('card.system_id = :systemId', { systemId: query.systemId });
    if (query.at) {
      cards.andWhere(
        `card.status = 'published' AND card.effective_from <= :at AND (card.effective_to IS NULL OR card.effective_to > :at)`,
        { at: query.at },
      );
    }
    const page = await paginate(cards, query, 'effectiveFrom');
    return { items: page.items.map(cardView), nextCursor: page.nextCursor };
  }

  async get(id: string, actor: Principal): Promise<RateCardWithLinesView> {
    return this.withLines(this.dataSource.manager, await this.findCard(this.dataSource.manager, id, actor));
  }

  async diff(id: string, againstId: string, actor: Principal): Promise<RateCardDiffView> {
    const after = await this.get(id, actor);
    const before = await this.get(againstId, actor);
    return { cardId: id, againstId, ...diffLines(before.lines, after.lines) };
  }

  async csv(id: string, actor: Principal): Promise<{ filename: string; body: string }> {
    const card = await this.get(id, actor);
    return { filename: `rate-card-${card.id}.csv`, body: linesToCsv(card.lines) };
  }

  private checkHeader(input: { scope: RateCardScope; systemId?: string; effectiveFrom: string; effectiveTo?: string }) {
    const errors = [];
    if (input.scope === 'system' && !input.systemId)
      errors.push({ field: 'systemId', message: 'a system card names its system' });
    if (input.scope === 'national' && input.systemId)
      errors.push({ field: 'systemId', message: 'a national card has no system' });
    if (input.effectiveTo && input.effectiveTo <= input.effectiveFrom) {
      errors.push({ field: 'effectiveTo', message: 'must be after effectiveFrom' });
    }
    if (errors.length > 0) throw new InvalidInputError('The card’s scope or dates do not fit together', errors);
  }

  private checkedLines(scope: RateCardScope, lines: Line[]): Line[] {
    const errors = lineErrors(scope, lines);
    if (errors.length > 0) throw new InvalidInputError('Some lines break the rate-card rules', errors);
    return lines;
  }

  private parseCsv(csv: string): Record<string, unknown>[] {
    try {
      return linesFromCsv(csv);
    } catch (error) {
      if (error instanceof CsvError) throw new InvalidInputError('The CSV could not be read', error.errors);
      throw error;
    }
  }

  private async insertLines(manager: EntityManager, cardId: string, lines: Line[]): Promise<void> {
    if (lines.length === 0) return;
    await manager.insert(
      RateCardLine,
      lines.map((line) => ({ ...line, cardId })),
    );
  }

  private async withLines(manager: EntityManager, card: RateCard): Promise<RateCardWithLinesView> {
    const lines = await manager.findBy(RateCardLine, { cardId: card.id });
    return { ...cardView(card), lines: sortLines(lines.map(lineView)) };
  }

  /** National cards are for admins; a system card for that system's workforce lead (or an admin). */
  private async assertMayEdit(manager: EntityManager, actor: Principal, scope: RateCardScope, systemId: string | null) {
    if (scope === 'national') {
      if (actor.role !== 'admin') throw new ForbiddenError('Only an admin may change the national card');
      return;
    }
    if (!systemId || !coversSystem(actor, systemId) || !(await manager.existsBy(System, { id: systemId }))) {
      throw NotFoundError.of('system', systemId ?? '');
    }
    if (!governsSystem(actor, systemId))
      throw new ForbiddenError('Only a workforce lead of the whole system may change its card');
  }

  private async findCard(manager: EntityManager, id: string, actor: Principal): Promise<RateCard> {
    const card = await manager.findOneBy(RateCard, { id });
    if (!card || (card.systemId !== null && !coversSystem(actor, card.systemId)))
      throw NotFoundError.of('rate card', id);
    return card;
  }

  private async lockCard(manager: EntityManager, id: string, actor: Principal): Promise<RateCard> {
    await this.findCard(manager, id, actor);
    return manager.findOneOrFail(RateCard, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  private async overlapConflict(id: string): Promise<ConflictError> {
    const blocking: { id: string; name: string; effective_from: string; effective_to: string | null }[] =
      await this.dataSource.query(
        `SELECT other.id, other.name, to_char(other.effective_from, 'YYYY-MM-DD') AS effective_from,
                to_char(other.effective_to, 'YYYY-MM-DD') AS effective_to
           FROM rate_cards card
           JOIN rate_cards other
             ON other.status = 'published' AND other.id <> card.id AND other.scope = card.scope
            AND other.system_id IS NOT DISTINCT FROM card.system_id
            AND daterange(other.effective_from, other.effective_to, '[)') && daterange(card.effective_from, card.effective_to, '[)')
          WHERE card.id = $1`,
        [id],
      );
    const names = blocking.map(
      (card) => `${card.name} (${card.id}, ${card.effective_from} to ${card.effective_to ?? 'open'})`,
    );
    return new ConflictError(`It would overlap the published card ${names.join(', ') || 'in force'}`);
  }
}
