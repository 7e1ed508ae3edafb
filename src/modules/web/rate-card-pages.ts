import type { RequestHandler, Response, Router } from 'express';
import type { Principal } from '../../core/auth/principal.js';
import { validateInput } from '../../core/validation/validate-input.js';
import { DiffQuery, type RateCardView, type RateCardWithLinesView } from '../rate-cards/index.js';
import { londonDate, STAFF_GROUPS } from '../time-bands/index.js';
import { type PageRequest, show } from './page-context.js';
import { rateCardDraftPages } from './rate-card-draft-pages.js';
import {
  allCards,
  cardIdOf,
  cardItReplaces,
  cardsInForce,
  coverName,
  mayEdit,
  type RateCardPageServices,
  systemNames,
  uploadTargets,
} from './rate-card-lookups.js';
import { cardTables, diffRows, standingOf } from './rate-card-models.js';
import { BAND_NAMES, gradeName, longDate } from './words.js';

export { rateCardUploads } from './rate-card-draft-pages.js';
export type { RateCardPageServices } from './rate-card-lookups.js';

/**
 * The workforce lead's rate-card pages: the cards in force, scheduled, drafts and past; a card's
 * lines by staff group and grade; its CSV; what a card changes against another; and (in
 * rate-card-draft-pages.ts) drafting, editing and publishing. All through RateCardsService, as
 * the signed-in person: another system's card answers 404.
 */
export function rateCardPages(router: Router, services: RateCardPageServices, access: RequestHandler) {
  router.get('/rate-cards', access, (request: PageRequest, response: Response) =>
    cardList(services, request, response),
  );
  rateCardDraftPages(router, services, access);
  router.get('/rate-cards/:id', access, (request: PageRequest, response: Response) =>
    cardPage(services, request, response),
  );
  router.get('/rate-cards/:id/lines.csv', access, async (request: PageRequest, response: Response) => {
    const { filename, body } = await services.rateCards.csv(cardIdOf(request), request.principal!);
    response.set('Cache-Control', 'no-store').type('text/csv; charset=utf-8').attachment(filename).send(body);
  });
  router.get('/rate-cards/:id/diff', access, (request: PageRequest, response: Response) =>
    diffPage(services, request, response),
  );
}

const cardRow = (card: RateCardView, names: Map<string, string>) => ({
  ...card,
  href: `/rate-cards/${card.id}`,
  covers: coverName(card, names),
});

/** The cards in force today, those still to come, drafts, and those no longer in force. */
async function cardList(services: RateCardPageServices, request: PageRequest, response: Response) {
  const principal = request.principal!;
  const today = londonDate();
  const [cards, inForce, names] = await Promise.all([
    allCards(services, principal),
    cardsInForce(services, principal, today),
    systemNames(services, principal),
  ]);
  const inForceIds = new Set(inForce.map((card) => card.id));
  const rows = cards.map((card) => ({ ...cardRow(card, names), standing: standingOf(card, inForceIds, today) }));
  // The national cap first, then each system's card, as the card page's "sits under" reads.
  const inForceRows = rows
    .filter((card) => card.standing === 'in_force')
    .sort((a, b) => (a.scope === b.scope ? a.covers.localeCompare(b.covers) : a.scope === 'national' ? -1 : 1));
  const drafts = rows.filter((card) => card.standing === 'draft');
  const ownSystemCards = inForceRows.filter((card) => card.scope === 'system' && mayEdit(principal, card));
  show(request, response, 'rate-cards.njk', {
    title: 'Rate cards',
    systems: [...names.values()],
    inForce: inForceRows,
    scheduled: rows.filter((card) => card.standing === 'scheduled'),
    drafts: drafts.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime()),
    past: rows.filter((card) => card.standing === 'past').reverse(),
    startFrom: ownSystemCards.length === 1 ? ownSystemCards[0] : null,
    mayUpload: uploadTargets(principal, names).length > 0,
  });
}

/** A card's standing, dates and lines; a draft with what it changes, its change links and its publish step. */
async function cardPage(services: RateCardPageServices, request: PageRequest, response: Response) {
  const principal = request.principal!;
  const card = await services.rateCards.get(cardIdOf(request), principal);
  const today = londonDate();
  const [inForce, names] = await Promise.all([
    cardsInForce(services, principal, today),
    systemNames(services, principal),
  ]);
  const standing = standingOf(card, new Set(inForce.map((other) => other.id)), today);
  const draft = standing === 'draft';
  const replaces = draft ? await cardItReplaces(services, principal, card, today) : null;
  const changes = replaces ? await changesAgainst(services, principal, card, replaces) : null;
  // The national cap a system card sits under: today's, or on the first day of one still to come.
  const capOn = card.effectiveFrom > today ? card.effectiveFrom : today;
  const caps =
    card.scope !== 'system' || standing === 'past'
      ? []
      : capOn === today
        ? inForce
        : await cardsInForce(services, principal, capOn, { scope: 'national', systemId: null });
  const nationalInForce = caps.find((other) => other.scope === 'national');
  show(request, response, 'rate-card.njk', {
    title: card.name,
    card: { ...card, covers: coverName(card, names), standing, lineCount: card.lines.length },
    replaces: replaces && cardRow(replaces, names),
    nationalInForce: nationalInForce && { ...cardRow(nationalInForce, names), on: capOn === today ? null : capOn },
    changes,
    tables: cardTables(card.lines, draft ? `/rate-cards/${card.id}` : null),
    mayEdit: mayEdit(principal, card),
    gradesToAdd: draft ? gradesNotOn(card) : [],
    bandNames: Object.values(BAND_NAMES),
  });
}

/** What `card` changes against `against`, as the service's diff says, in rows to read. */
async function changesAgainst(
  services: RateCardPageServices,
  principal: Principal,
  card: RateCardView,
  against: RateCardView,
) {
  const diff = await services.rateCards.diff(card.id, against.id, principal);
  const rows = diffRows(diff);
  return { ...rows, count: rows.changes.length + rows.added.length + rows.removed.length };
}

/** The staff groups' grades a draft has no line for, to add rates for. */
function gradesNotOn(card: RateCardWithLinesView): { value: string; text: string }[] {
  return STAFF_GROUPS.flatMap((group) =>
    group.grades
      .filter((grade) => !card.lines.some((line) => line.staffGroup === group.key && line.grade === grade))
      .map((grade) => ({ value: `${group.key}/${grade}`, text: `${group.name}, ${gradeName(grade)}` })),
  );
}

/**
 * What a card changes against another of the same scope and system, `?against=` or by default
 * the card a draft would replace (or the one a published card replaced).
 */
async function diffPage(services: RateCardPageServices, request: PageRequest, response: Response) {
  const principal = request.principal!;
  const card = await services.rateCards.get(cardIdOf(request), principal);
  const today = londonDate();
  const [cards, names] = await Promise.all([allCards(services, principal), systemNames(services, principal)]);
  const others = cards.filter(
    (other) => other.id !== card.id && other.scope === card.scope && other.systemId === card.systemId,
  );
  const asked =
    typeof request.query.against === 'string' && request.query.against
      ? (await validateInput(DiffQuery, { against: request.query.against })).against
      : null;
  const against = asked
    ? (others.find((other) => other.id === asked) ?? (await services.rateCards.get(asked, principal)))
    : card.status === 'draft'
      ? await cardItReplaces(services, principal, card, today)
      : (others.find((other) => other.supersededById === card.id) ?? null);
  const changes = against ? await changesAgainst(services, principal, card, against) : null;
  show(request, response, 'rate-card-diff.njk', {
    title: `What changes in ${card.name}`,
    card: { ...card, covers: coverName(card, names) },
    against: against && cardRow(against, names),
    changes,
    choices: others.map((other) => ({
      value: other.id,
      text: `${other.name} (from ${longDate(other.effectiveFrom)}${other.status === 'draft' ? ', draft' : ''})`,
      selected: other.id === against?.id,
    })),
  });
}
