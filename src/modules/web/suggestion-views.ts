import type { FillOptionsView, FillSuggestionView, OpenSuggestionOfShift, ShiftOfferView } from '../fill/index.js';
import { londonWhen, shiftTimes } from './words.js';

/** What happened to an offer, in words. */
function offerState(offer: ShiftOfferView, now: Date): string {
  if (offer.status === 'open') return `Offered, open until ${londonWhen(offer.expiresAt, now)}`;
  if (offer.status === 'accepted') return 'Took it';
  return offer.closeReason === 'lapsed'
    ? 'Lapsed at the next release'
    : offer.closeReason === 'cancelled'
      ? 'Closed: the shift was cancelled'
      : 'Closed: the shift was filled';
}

/** The shift's offers to bank workers as the shift page's summary list rows: whom, and how each stands. */
export const offersForShiftPage = (offers: ShiftOfferView[], now = new Date()) =>
  offers.map((offer) => ({
    key: { text: offer.displayName },
    value: { text: `${offerState(offer, now)} (offered ${londonWhen(offer.offeredAt, now)})` },
  }));

/** What a fill suggestion says, in words (docs/rules.md section 10b). */
export function suggestionKindText(kind: string, agencyReleaseAt: Date | string | null, now = new Date()): string {
  if (kind === 'swap_to_bank') return 'Agency booked: a bank worker is free';
  if (!agencyReleaseAt) return 'About to go to agencies';
  return new Date(agencyReleaseAt).getTime() > now.getTime()
    ? `Goes to agencies at ${londonWhen(agencyReleaseAt, now)}`
    : `Open to agencies since ${londonWhen(agencyReleaseAt, now)}`;
}

/** A row of the rota manager's list of open suggestions, above the open shifts. */
export function homeSuggestion(
  suggestion: OpenSuggestionOfShift,
  ward: { name: string; trustName: string } | undefined,
  now = new Date(),
) {
  const best = suggestion.candidates[0];
  return {
    id: suggestion.id,
    kind: suggestion.kind,
    shiftHref: `/shifts/${suggestion.shiftId}#suggestion`,
    when: shiftTimes(suggestion.startsAt, suggestion.endsAt),
    wardName: ward?.name ?? '',
    trustName: ward?.trustName ?? '',
    kindText: suggestionKindText(suggestion.kind, suggestion.agencyReleaseAt, now),
    bestName: best?.displayName ?? '',
    bestCostPence: best?.costPence ?? null,
    others: Math.max(0, suggestion.candidates.length - 1),
    savingPence: suggestion.savingPence,
  };
}

export interface SuggestionPageContext {
  shift: { id: string; trustId: string; releases: { stage: string; releaseAt: Date | string }[] };
  /** The shift's ladder now (open shifts), to offer only candidates still free and released. */
  ladder: FillOptionsView | null;
  canBook: boolean;
  /** Whether the swap to the bank can be asked for here (BookingsService.swapToBank). */
  canSwap: boolean;
}

/**
 * The shift page's "offer to the bank" view of one open suggestion: the candidates with their cost
 * and saving against the agency, and for each what may be done now: book them (before_agency,
 * through the page's booking route) or swap the agency booking to them (swap_to_bank).
 */
export function suggestionForShiftPage(suggestion: FillSuggestionView, context: SuggestionPageContext) {
  const { shift, ladder, canBook } = context;
  const onLadder = new Map(
    (ladder?.tiers ?? [])
      .filter((tier) => tier.tier === 'own_bank' || tier.tier === 'collaborative_bank')
      .flatMap((tier) => tier.options)
      .map((option) => [option.bankWorkerId, option]),
  );
  const agencyRelease = shift.releases.find((release) => release.stage === 'agency_tier_1')?.releaseAt ?? null;
  const swap = suggestion.kind === 'swap_to_bank';
  return {
    id: suggestion.id,
    kind: suggestion.kind,
    kindText: suggestionKindText(suggestion.kind, agencyRelease),
    agencyCostPence: suggestion.agencyCostPence,
    savingPence: suggestion.savingPence,
    bookingId: suggestion.bookingId,
    canSwap: swap && context.canSwap,
    // Offered by e-mail to the candidates who could be booked now (released, still free).
    canOffer:
      !swap && canBook && suggestion.candidates.some((candidate) => onLadder.get(candidate.bankWorkerId)?.released),
    candidates: suggestion.candidates.map((candidate) => {
      const option = onLadder.get(candidate.bankWorkerId);
      // Booking needs the worker still on the ladder and their stage released; a swap is checked by the service.
      const bookable = !swap && canBook && option !== undefined && option.released;
      return {
        ...candidate,
        bank: candidate.homeTrustId === shift.trustId ? 'Own bank' : 'Collaborative bank',
        savingPence: suggestion.agencyCostPence - candidate.costPence,
        book: bookable,
        swap: swap && context.canSwap,
        note: swap || bookable || !canBook ? null : option ? 'Not yet released to them' : 'No longer free',
      };
    }),
  };
}
