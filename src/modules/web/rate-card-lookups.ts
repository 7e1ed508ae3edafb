import { isUUID } from 'class-validator';
import { governsSystem, isAdmin, type Principal } from '../../core/auth/principal.js';
import { NotFoundError } from '../../core/errors/domain-errors.js';
import { PageQuery } from '../../core/pagination/page.js';
import { validateInput } from '../../core/validation/validate-input.js';
import { OrganisationsService } from '../organisations/index.js';
import { ListRateCardsQuery, RateCardsService, type RateCardView } from '../rate-cards/index.js';
import type { PageRequest } from './page-context.js';

/** What the rate-card pages ask the services, in the person's scope (the API's own lists and reads). */
export interface RateCardPageServices {
  rateCards: RateCardsService;
  organisations: OrganisationsService;
}

/** The card id of the address; anything else is a card that does not exist. */
export function cardIdOf(request: PageRequest, parameter = 'id'): string {
  const id = String(request.params[parameter]);
  if (!isUUID(id)) throw NotFoundError.of('rate card', id);
  return id;
}

/** Every card the person may see (the national cards and their systems'), through the API's list. */
export async function allCards(services: RateCardPageServices, principal: Principal): Promise<RateCardView[]> {
  const cards: RateCardView[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.rateCards.list(
      await validateInput(ListRateCardsQuery, { limit: 500, cursor }),
      principal,
    );
    cards.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return cards;
}

/** The published cards in force on `date` ("the card in force", as the service decides it). */
export async function cardsInForce(
  services: RateCardPageServices,
  principal: Principal,
  date: string,
  of?: { scope: string; systemId: string | null },
): Promise<RateCardView[]> {
  const query = await validateInput(ListRateCardsQuery, {
    at: date,
    limit: 500,
    scope: of?.scope,
    systemId: of?.systemId ?? undefined,
  });
  return (await services.rateCards.list(query, principal)).items;
}

/**
 * The card a draft would replace: the card of its scope and system in force on the draft's first
 * day, else (a draft dated before any card) the one in force today; null when there is none.
 */
export async function cardItReplaces(
  services: RateCardPageServices,
  principal: Principal,
  card: RateCardView,
  today: string,
): Promise<RateCardView | null> {
  for (const date of [card.effectiveFrom, today]) {
    const found = (await cardsInForce(services, principal, date, card)).find(
      (other) => other.id !== card.id && other.scope === card.scope && other.systemId === card.systemId,
    );
    if (found) return found;
  }
  return null;
}

/** The names of the systems in the person's scope, by id. */
export async function systemNames(services: RateCardPageServices, principal: Principal): Promise<Map<string, string>> {
  const page = await services.organisations.listSystems(await validateInput(PageQuery, { limit: 500 }), principal);
  return new Map(page.items.map((system) => [system.id, system.name]));
}

/** Whom a card is for: "National price cap", or its system's name. */
export const coverName = (card: { scope: string; systemId: string | null }, names: Map<string, string>): string =>
  card.scope === 'national' ? 'National price cap' : (names.get(card.systemId ?? '') ?? 'System card');

/** Whether the person may draft and publish cards like this one (the service decides; this only hides buttons). */
export const mayEdit = (principal: Principal, card: { scope: string; systemId: string | null }): boolean =>
  card.scope === 'national' ? isAdmin(principal) : card.systemId !== null && governsSystem(principal, card.systemId);

/** Where a person may upload a card: the national cap (admin), and the systems they govern. */
export function uploadTargets(principal: Principal, names: Map<string, string>): { value: string; text: string }[] {
  const national = mayEdit(principal, { scope: 'national', systemId: null })
    ? [{ value: 'national', text: 'National price cap (agency caps only)' }]
    : [];
  const systems = [...names.entries()]
    .filter(([id]) => mayEdit(principal, { scope: 'system', systemId: id }))
    .map(([id, name]) => ({ value: id, text: name }));
  return [...national, ...systems];
}
