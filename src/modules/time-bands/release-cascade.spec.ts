import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_RELEASE_CASCADE,
  latestReleased,
  nextRelease,
  releaseInstants,
  releases,
  stageOf,
} from './release-cascade.js';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const iso = (instants: Record<string, Date>) =>
  Object.fromEntries(Object.entries(instants).map(([stage, instant]) => [stage, instant.toISOString()]));

describe('release cascade', () => {
  it('releases each stage at its normal point when the shift is posted weeks ahead', () => {
    const start = at('2026-12-20T08:00:00Z');
    expect(iso(releaseInstants(at('2026-11-20T10:00:00Z'), start, DEFAULT_RELEASE_CASCADE))).toEqual({
      own_bank: '2026-11-20T10:00:00.000Z',
      collaborative_bank: '2026-12-06T08:00:00.000Z', // 14 days before
      agency_tier_1: '2026-12-15T08:00:00.000Z', // 5 days
      agency_tier_2: '2026-12-17T08:00:00.000Z', // 72 hours
      agency_tier_3: '2026-12-18T08:00:00.000Z', // 48 hours
    });
  });

  it('gives the earlier stages their head start after posting when a shift is posted late', () => {
    // Posted 10 hours before it starts: every normal point has passed.
    const posted = at('2026-12-20T22:00:00Z');
    const start = at('2026-12-21T08:00:00Z');
    expect(iso(releaseInstants(posted, start, DEFAULT_RELEASE_CASCADE))).toEqual({
      own_bank: '2026-12-20T22:00:00.000Z',
      collaborative_bank: '2026-12-20T23:00:00.000Z',
      agency_tier_1: '2026-12-21T00:00:00.000Z',
      agency_tier_2: '2026-12-21T01:00:00.000Z',
      agency_tier_3: '2026-12-21T02:00:00.000Z',
    });
  });

  it('never holds a stage past the start: a shift posted an hour before it starts reaches every stage at its start', () => {
    const posted = at('2026-12-21T07:00:00Z');
    const start = at('2026-12-21T08:00:00Z');
    const instants = releaseInstants(posted, start, DEFAULT_RELEASE_CASCADE);
    expect(instants.own_bank).toEqual(posted);
    for (const stage of ['collaborative_bank', 'agency_tier_1', 'agency_tier_2', 'agency_tier_3'] as const) {
      expect(instants[stage]).toEqual(start);
    }
  });

  it('keeps stages in order when a late posting meets a normal point between them', () => {
    // Posted 100 hours ahead: collaborative bank at 1 hour after posting (its normal point passed),
    // tier 1 at 120 hours before is also past, so 2 hours after posting; tier 2 at 72 hours before.
    const start = at('2026-12-25T08:00:00Z');
    const posted = new Date(start.getTime() - 100 * HOUR);
    const instants = releaseInstants(posted, start, DEFAULT_RELEASE_CASCADE);
    expect(instants.collaborative_bank.getTime() - posted.getTime()).toBe(1 * HOUR);
    expect(instants.agency_tier_1.getTime() - posted.getTime()).toBe(2 * HOUR);
    expect(start.getTime() - instants.agency_tier_2.getTime()).toBe(72 * HOUR);
    expect(start.getTime() - instants.agency_tier_3.getTime()).toBe(48 * HOUR);
  });

  it('counts elapsed hours across the clock change, not wall-clock hours', () => {
    // Clocks go back at 02:00 BST on Sunday 25 October 2026. A shift at 08:00 GMT on Monday 26th:
    // 48 elapsed hours before is 08:00 UTC on Saturday 24th, which is 09:00 on London's clocks.
    const start = at('2026-10-26T08:00:00Z');
    const instants = releaseInstants(at('2026-09-01T09:00:00Z'), start, DEFAULT_RELEASE_CASCADE);
    expect(instants.agency_tier_3.toISOString()).toBe('2026-10-24T08:00:00.000Z');
    expect(start.getTime() - instants.agency_tier_3.getTime()).toBe(48 * HOUR);
    // And forward in spring: 29 March 2026, a shift at 08:00 BST (07:00 UTC) on Monday 30th.
    const spring = at('2026-03-30T07:00:00Z');
    const springInstants = releaseInstants(at('2026-02-01T09:00:00Z'), spring, DEFAULT_RELEASE_CASCADE);
    expect(spring.getTime() - springInstants.agency_tier_2.getTime()).toBe(72 * HOUR);
  });

  it('releases every stage at posting when the system has no cascade', () => {
    const posted = at('2026-12-01T09:00:00Z');
    const instants = releaseInstants(posted, at('2026-12-20T08:00:00Z'), null);
    expect(new Set(Object.values(instants).map((instant) => instant.getTime()))).toEqual(new Set([posted.getTime()]));
  });

  it('releases a shift posted after it started at posting, every stage', () => {
    const posted = at('2026-12-21T09:00:00Z');
    const instants = releaseInstants(posted, at('2026-12-21T08:00:00Z'), DEFAULT_RELEASE_CASCADE);
    expect(Object.values(instants).every((instant) => instant.getTime() === posted.getTime())).toBe(true);
  });

  it('brings a stage and those before it forward when released early, and leaves later ones alone', () => {
    const start = at('2026-12-20T08:00:00Z');
    const early = { stage: 'agency_tier_1' as const, at: at('2026-11-25T12:00:00Z') };
    const instants = releaseInstants(at('2026-11-20T10:00:00Z'), start, DEFAULT_RELEASE_CASCADE, early);
    expect(instants.collaborative_bank.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(instants.agency_tier_1.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(instants.agency_tier_2.toISOString()).toBe('2026-12-17T08:00:00.000Z');
    // An early release after the normal point changes nothing.
    const late = releaseInstants(at('2026-11-20T10:00:00Z'), start, DEFAULT_RELEASE_CASCADE, {
      stage: 'collaborative_bank',
      at: at('2026-12-10T00:00:00Z'),
    });
    expect(late.collaborative_bank.toISOString()).toBe('2026-12-06T08:00:00.000Z');
  });

  it('says which stages are released now, the latest, and the next', () => {
    const instants = releaseInstants(at('2026-11-20T10:00:00Z'), at('2026-12-20T08:00:00Z'), DEFAULT_RELEASE_CASCADE);
    const now = at('2026-12-06T08:00:00Z'); // exactly the collaborative bank's instant
    expect(releases(instants, now).map((release) => release.released)).toEqual([true, true, false, false, false]);
    expect(latestReleased(instants, now)).toBe('collaborative_bank');
    expect(nextRelease(instants, now)).toEqual({ stage: 'agency_tier_1', releaseAt: at('2026-12-15T08:00:00Z') });
    expect(nextRelease(instants, at('2026-12-19T00:00:00Z'))).toBeNull();
    expect(latestReleased(instants, at('2026-11-20T10:00:00Z'))).toBe('own_bank');
  });

  it('puts each ladder option in its stage, off-framework with tier 3', () => {
    expect(stageOf({ kind: 'own_bank' })).toBe('own_bank');
    expect(stageOf({ kind: 'collaborative_bank' })).toBe('collaborative_bank');
    expect(stageOf({ kind: 'agency', contractTier: 1, offFramework: false })).toBe('agency_tier_1');
    expect(stageOf({ kind: 'agency', contractTier: 2, offFramework: false })).toBe('agency_tier_2');
    expect(stageOf({ kind: 'agency', contractTier: 3, offFramework: false })).toBe('agency_tier_3');
    expect(stageOf({ kind: 'agency', contractTier: 4, offFramework: false })).toBe('agency_tier_3');
    expect(stageOf({ kind: 'agency', contractTier: 1, offFramework: true })).toBe('agency_tier_3');
  });
});
