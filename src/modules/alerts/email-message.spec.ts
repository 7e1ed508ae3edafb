import { describe, expect, it } from '@jest/globals';
import { emailMessage, type EmailFacts, escapeHtml } from './email-message.js';

const BASE = 'https://fairshift.example.nhs.uk';
const SHIFT = '11111111-1111-4111-8111-111111111111';
const BOOKING = '22222222-2222-4222-8222-222222222222';
const BREACH = '33333333-3333-4333-8333-333333333333';
const TRUST = '44444444-4444-4444-8444-444444444444';

const facts = (overrides: Partial<EmailFacts>): EmailFacts => ({
  eventId: '55555555-5555-4555-8555-555555555555',
  type: 'booking.pending_approval',
  occurredAt: '2025-06-09T09:30:00Z',
  subjectId: BOOKING,
  trustId: TRUST,
  data: {},
  trustName: 'Medway NHS Foundation Trust',
  wardName: 'Pembroke Ward',
  subscriptionId: '66666666-6666-4666-8666-666666666666',
  address: 'rota.medway@example.nhs.uk',
  publicUrl: BASE,
  ...overrides,
});

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);

describe('the e-mail of an alert event', () => {
  it('says in its subject that a booking waits for sign-off, and links to the approvals and the shift', () => {
    const message = emailMessage(
      facts({
        data: {
          bookingId: BOOKING,
          shiftId: SHIFT,
          type: 'agency',
          costPence: 50_600,
          requiredSignoff: 'executive',
          startsAt: '2025-06-10T07:00:00Z',
          endsAt: '2025-06-10T19:00:00Z',
        },
      }),
    );
    expect(message.subject).toBe('Sign-off needed: agency booking on Pembroke Ward, Tue 10 Jun 2025, 08:00');
    expect(message.text).toContain(
      'An agency booking at Medway NHS Foundation Trust waits for sign-off by an executive',
    );
    expect(message.text).toContain('£506.00');
    expect(message.text).toContain(`Sign off or reject it: ${BASE}/approvals`);
    expect(hrefs(message.html)).toEqual([`${BASE}/approvals`, `${BASE}/shifts/${SHIFT}`]);
  });

  it('names a breach’s rule in words and links to its page', () => {
    const message = emailMessage(
      facts({
        type: 'breach.opened',
        subjectId: BREACH,
        data: {
          breachId: BREACH,
          shiftId: SHIFT,
          rule: 'AGENCY_OVER_NATIONAL_CAP',
          severity: 'high',
          amountPence: 17_600,
          localStartDate: '2025-06-10',
        },
      }),
    );
    expect(message.subject).toBe(
      'New breach at Medway NHS Foundation Trust: Agency charge above the national price cap',
    );
    expect(message.text).toContain('Tuesday 10 June 2025');
    expect(hrefs(message.html)).toEqual([`${BASE}/breaches/${BREACH}`, `${BASE}/shifts/${SHIFT}`]);
    expect(message.html).not.toContain('AGENCY_OVER_NATIONAL_CAP');
  });

  it('tells a released shift’s stage and links to the shift', () => {
    const message = emailMessage(
      facts({
        type: 'shift.released',
        subjectId: SHIFT,
        data: {
          shiftId: SHIFT,
          stage: 'agency_tier_1',
          staffGroup: 'nursing',
          grade: 'band5',
          startsAt: '2025-12-01T20:00:00Z',
        },
      }),
    );
    expect(message.subject).toBe('Shift released to tier 1 agencies: Pembroke Ward, Mon 1 Dec 2025, 20:00');
    expect(message.text).toContain('Band 5');
    expect(hrefs(message.html)).toEqual([`${BASE}/shifts/${SHIFT}`]);
  });

  it('sums up a daily digest, with the wards by name and links to the breaches and approvals', () => {
    const message = emailMessage(
      facts({
        type: 'digest.daily',
        subjectId: TRUST,
        wardName: null,
        data: {
          trustName: 'Medway NHS Foundation Trust',
          date: '2025-06-11',
          newBreaches: [
            { rule: 'MISSING_SIGNOFF', severity: 'critical', count: 2 },
            { rule: 'AGENCY_OVER_SYSTEM_CAP', severity: 'high', count: 1 },
          ],
          amountOverCapPence: 35_200,
          awaitingSignoff: 2,
          topAgencyWards: [{ wardId: SHIFT, wardName: 'Pembroke Ward', agencySpendPence: 50_600 }],
        },
      }),
    );
    expect(message.subject).toBe('Daily digest for Medway NHS Foundation Trust: Wednesday 11 June 2025');
    expect(message.text).toMatch(/New breaches: +3/);
    expect(message.text).toContain('- 2 × Above-cap booking worked without the sign-off it needed (critical)');
    expect(message.text).toContain('- Pembroke Ward: £506.00');
    expect(hrefs(message.html)).toEqual([`${BASE}/breaches`, `${BASE}/approvals`]);
  });

  it('writes an event type it has no words for from its fields, linking to its shift and its API resource', () => {
    const message = emailMessage(
      facts({
        type: 'fill.suggested',
        subjectId: BOOKING,
        wardName: null,
        data: { shiftId: SHIFT, kind: 'before_agency', savingPence: 12_345, raisedAt: '2025-06-09T09:30:00Z' },
      }),
    );
    expect(message.subject).toBe('Fill suggested at Medway NHS Foundation Trust');
    expect(message.text).toMatch(/Saving: +£123.45/);
    expect(message.text).toMatch(/Raised at: +Mon 9 Jun 2025, 10:30/);
    expect(message.text).toMatch(/Kind: +Before agency/);
    expect(message.text).not.toMatch(/Shift id/i);
    expect(hrefs(message.html)).toEqual([`${BASE}/shifts/${SHIFT}`, `${BASE}/api/v1/alerts?trustId=${TRUST}`]);
    const booking = emailMessage(facts({ type: 'booking.withdrawn', data: {} }));
    expect(hrefs(booking.html)).toEqual([`${BASE}/api/v1/bookings/${BOOKING}`]);
  });

  it('escapes every name in the HTML and keeps the subject on one line', () => {
    const message = emailMessage(
      facts({
        trustName: 'Trust <script>alert("t")</script>',
        wardName: 'Ward <img src=x onerror=alert(1)>\r\nBcc: everyone@example.org',
        data: { shiftId: '"><script>', type: 'agency', startsAt: '2025-06-10T07:00:00Z' },
      }),
    );
    expect(message.html).not.toMatch(/<script|<img/);
    expect(message.html).toContain('Trust &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;');
    expect(hrefs(message.html)).toContain(`${BASE}/shifts/%22%3E%3Cscript%3E`);
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.text).toContain('Trust <script>alert("t")</script>');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('tells the subscriber why they get it and how to stop it', () => {
    const message = emailMessage(facts({ data: {} }));
    for (const body of [message.text, message.html]) {
      expect(body).toContain('rota.medway@example.nhs.uk is subscribed');
      expect(body).toContain(`${BASE}/api/v1/email-subscriptions/66666666-6666-4666-8666-666666666666`);
    }
  });
});
