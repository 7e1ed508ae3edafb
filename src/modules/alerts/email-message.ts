import { BREACH_RULE_NAMES } from '../compliance/index.js';
import {
  capitalised,
  eventTypeWords,
  fieldValue,
  fieldWords,
  gradeName,
  londonTime,
  longDate,
  pounds,
  SIGNOFF_NAMES,
  STAGE_NAMES,
  staffGroupName,
} from './email-words.js';

/** What an e-mail is made from: the event, the names it refers to, and where to link. */
export interface EmailFacts {
  eventId: string;
  type: string;
  occurredAt: Date | string;
  subjectId: string;
  trustId: string | null;
  data: Record<string, unknown>;
  /** The event's trust, by name (null for a system-wide event). */
  trustName: string | null;
  /** The ward of the event's shift or booking, by name, where it has one. */
  wardName: string | null;
  /** The subscription it was sent for; null for a person it is addressed to (an approver). */
  subscriptionId: string | null;
  address: string;
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
}

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

interface Link {
  text: string;
  href: string;
}

/** An e-mail's parts before they are written out as text and as HTML. */
interface Content {
  subject: string;
  intro: string;
  facts: [label: string, value: string][];
  lists: { heading: string; items: string[] }[];
  links: Link[];
}

/** Web pages people bookmark (api.md "Web application"), and the API's resources where there is none. */
const pageLink = (facts: EmailFacts, path: string) => `${facts.publicUrl}${path}`;
const idPath = (collection: string, id: unknown) => `/${collection}/${encodeURIComponent(String(id))}`;

/** The API collections an event's subject may be in, by the event type's first word. */
const API_COLLECTIONS: Record<string, string> = {
  breach: 'breaches',
  booking: 'bookings',
  shift: 'shifts',
  submission: 'submissions',
};

const where = (facts: EmailFacts) => facts.trustName ?? 'your system';
const ward = (facts: EmailFacts) => facts.wardName ?? 'a ward';
const ruleName = (rule: unknown) => BREACH_RULE_NAMES[String(rule)] ?? String(rule);
const count = (value: unknown) => (typeof value === 'number' ? String(value) : '—');

function shiftFacts(facts: EmailFacts): [string, string][] {
  const { data } = facts;
  return [
    ['Trust', where(facts)],
    ['Ward', ward(facts)],
    ['Starts', londonTime(data.startsAt)],
    ['Ends', londonTime(data.endsAt)],
  ];
}

const BUILDERS: Record<string, (facts: EmailFacts) => Content> = {
  'booking.pending_approval': (facts) => {
    const { data } = facts;
    const kind = data.type === 'bank' ? 'bank' : 'agency';
    return {
      subject: `Sign-off needed: ${kind} booking on ${ward(facts)}, ${londonTime(data.startsAt)}`,
      intro: `${kind === 'bank' ? 'A bank' : 'An agency'} booking at ${where(facts)} waits for sign-off by ${SIGNOFF_NAMES[String(data.requiredSignoff)] ?? 'an approver'} before it is confirmed.`,
      facts: [...shiftFacts(facts), ['Cost', pounds(data.costPence)]],
      lists: [],
      links: [
        { text: 'Sign off or reject it', href: pageLink(facts, '/approvals') },
        { text: 'See the shift', href: pageLink(facts, idPath('shifts', data.shiftId)) },
      ],
    };
  },
  'booking.approval_overdue': (facts) => {
    const { data } = facts;
    const kind = data.type === 'bank' ? 'bank' : 'agency';
    return {
      subject: `Sign-off overdue: ${kind} booking on ${ward(facts)}, ${londonTime(data.startsAt)}`,
      intro: `${kind === 'bank' ? 'A bank' : 'An agency'} booking at ${where(facts)} still waits for sign-off by ${SIGNOFF_NAMES[String(data.requiredSignoff)] ?? 'an approver'}, and its shift starts soon. Until it is signed off the shift is not confirmed.`,
      facts: [...shiftFacts(facts), ['Cost', pounds(data.costPence)], ['Waiting since', londonTime(data.bookedAt)]],
      lists: [],
      links: [
        { text: 'Sign off or reject it', href: pageLink(facts, '/approvals') },
        { text: 'See the shift', href: pageLink(facts, idPath('shifts', data.shiftId)) },
      ],
    };
  },
  'booking.cancelled': (facts) => {
    const { data } = facts;
    return {
      subject: `Booking cancelled: ${ward(facts)}, ${londonTime(data.startsAt)}`,
      intro: `${data.type === 'bank' ? 'A bank' : 'An agency'} booking at ${where(facts)} was cancelled${data.reason ? `: ${String(data.reason)}` : '.'}`,
      facts: shiftFacts(facts),
      lists: [],
      links: [{ text: 'See the shift', href: pageLink(facts, idPath('shifts', data.shiftId)) }],
    };
  },
  'breach.opened': (facts) => breachContent(facts, 'New breach', 'A compliance check found a breach'),
  'breach.resolved': (facts) =>
    breachContent(
      facts,
      'Breach resolved',
      facts.data.resolution === 'cleared'
        ? 'A re-check found that this breach no longer holds'
        : 'This breach was resolved',
    ),
  'shift.offered': (facts) => {
    const { data } = facts;
    return {
      subject: `A shift for you: ${ward(facts)}, ${londonTime(data.startsAt)}`,
      intro: `You are offered a bank shift at ${where(facts)}. The first to take it gets it.`,
      facts: [
        ...shiftFacts(facts),
        ['Pay', data.payPence === null || data.payPence === undefined ? 'At the bank rate' : pounds(data.payPence)],
        ['Offer open until', londonTime(data.expiresAt)],
      ],
      lists: [],
      links: [{ text: 'See the shift and take it', href: pageLink(facts, idPath('me/shifts', data.shiftId)) }],
    };
  },
  'shift.released': (facts) => {
    const { data } = facts;
    const stage = STAGE_NAMES[String(data.stage)] ?? String(data.stage);
    return {
      subject: `Shift released to ${stage}: ${ward(facts)}, ${londonTime(data.startsAt)}`,
      intro: `An open shift at ${where(facts)} can now be booked by ${stage}.`,
      facts: [
        ...shiftFacts(facts),
        ['Staff group', staffGroupName(data.staffGroup)],
        ['Grade', gradeName(data.grade)],
        ...(data.nextReleaseAt ? ([['Next release', londonTime(data.nextReleaseAt)]] as [string, string][]) : []),
      ],
      lists: [],
      links: [{ text: 'See the shift and who can fill it', href: pageLink(facts, idPath('shifts', data.shiftId)) }],
    };
  },
  'digest.daily': digestContent,
};

function breachContent(facts: EmailFacts, headline: string, intro: string): Content {
  const { data } = facts;
  return {
    subject: `${headline} at ${where(facts)}: ${ruleName(data.rule)}`,
    intro: `${intro} at ${where(facts)}: ${ruleName(data.rule).toLowerCase()}.`,
    facts: [
      ['Rule', ruleName(data.rule)],
      ['Severity', capitalised(String(data.severity ?? '—'))],
      ['Shift on', longDate(data.localStartDate)],
      ['Amount', pounds(data.amountPence)],
      ['Agency charge', pounds(data.chargePence)],
    ],
    lists: [],
    links: [
      { text: 'See the breach', href: pageLink(facts, idPath('breaches', data.breachId ?? facts.subjectId)) },
      ...(data.shiftId ? [{ text: 'See the shift', href: pageLink(facts, idPath('shifts', data.shiftId)) }] : []),
    ],
  };
}

function digestContent(facts: EmailFacts): Content {
  const { data } = facts;
  const trust = typeof data.trustName === 'string' ? data.trustName : where(facts);
  const breaches = Array.isArray(data.newBreaches) ? (data.newBreaches as Record<string, unknown>[]) : [];
  const wards = Array.isArray(data.topAgencyWards) ? (data.topAgencyWards as Record<string, unknown>[]) : [];
  const suggestions = Array.isArray(data.tomorrowSuggestions)
    ? (data.tomorrowSuggestions as Record<string, unknown>[])
    : [];
  const newCount = breaches.reduce((sum, row) => sum + (typeof row.count === 'number' ? row.count : 0), 0);
  return {
    subject: `Daily digest for ${trust}: ${longDate(data.date)}`,
    intro: `What happened at ${trust} on ${longDate(data.date)}, and what waits for you now.`,
    facts: [
      ['New breaches', String(newCount)],
      ['Charged above the national cap', pounds(data.amountOverCapPence)],
      ['Bookings waiting for sign-off now', count(data.awaitingSignoff)],
    ],
    lists: [
      {
        heading: 'New breaches by rule',
        items: breaches.map((row) => `${count(row.count)} × ${ruleName(row.rule)} (${String(row.severity)})`),
      },
      {
        heading: 'Wards with the most agency spend that day',
        items: wards.map((row) => `${String(row.wardName ?? 'A ward')}: ${pounds(row.agencySpendPence)}`),
      },
      {
        heading: `Bank fill suggested for tomorrow (${count(data.tomorrowSuggestionCount)})`,
        items: suggestions.map(
          (row) =>
            `${String(row.wardName ?? 'A ward')}, ${londonTime(row.startsAt)}: ${row.kind === 'swap_to_bank' ? 'swap the agency booking to' : 'book'} ${String(row.bestCandidate ?? 'a bank worker')} and save ${pounds(row.savingPence)} (${pageLink(facts, idPath('shifts', row.shiftId))})`,
        ),
      },
    ],
    links: [
      { text: 'See the breaches', href: pageLink(facts, '/breaches') },
      { text: 'Sign off bookings', href: pageLink(facts, '/approvals') },
    ],
  };
}

/** An event type without words of its own: its readable fields, its shift's page, and its API resource. */
function fallbackContent(facts: EmailFacts): Content {
  const { data } = facts;
  const collection = API_COLLECTIONS[facts.type.split('.')[0]!];
  const resource = collection
    ? `${facts.publicUrl}/api/v1${idPath(collection, facts.subjectId)}`
    : `${facts.publicUrl}/api/v1/alerts${facts.trustId ? `?trustId=${encodeURIComponent(facts.trustId)}` : ''}`;
  return {
    subject: `${eventTypeWords(facts.type)} at ${where(facts)}`,
    intro: `${eventTypeWords(facts.type)} at ${where(facts)}.`,
    facts: [
      ...(facts.wardName ? ([['Ward', facts.wardName]] as [string, string][]) : []),
      ...Object.entries(data)
        .map(([key, value]): [string, string | null] => [fieldWords(key), fieldValue(key, value)])
        .filter((entry): entry is [string, string] => entry[1] !== null),
    ],
    lists: [],
    links: [
      ...(data.shiftId ? [{ text: 'See the shift', href: pageLink(facts, idPath('shifts', data.shiftId)) }] : []),
      { text: 'See it in the API', href: resource },
    ],
  };
}

/** The e-mail of one event to one subscriber: a subject that says what happened, a text and an HTML body. */
export function emailMessage(facts: EmailFacts): EmailMessage {
  const content = (BUILDERS[facts.type] ?? fallbackContent)(facts);
  // A subject is one line, however a name was typed.
  const subject = content.subject.replace(/\s+/g, ' ').trim().slice(0, 200);
  return { subject, text: textBody(content, facts), html: htmlBody({ ...content, subject }, facts) };
}

const footerLines = (facts: EmailFacts): string[] => [
  ...(facts.subscriptionId
    ? [
        `You get this e-mail because ${facts.address} is subscribed to Fairshift alerts (subscription ${facts.subscriptionId}).`,
        `To stop them, remove the subscription: DELETE ${facts.publicUrl}/api/v1/email-subscriptions/${facts.subscriptionId}, or ask whoever set it up.`,
      ]
    : [
        `You get this e-mail because ${facts.address} signs off bookings at ${where(facts)} in Fairshift.`,
        `If you no longer do, ask your Fairshift administrator to change your role.`,
      ]),
  `Event ${facts.eventId} (${facts.type}), ${londonTime(facts.occurredAt)}.`,
];

function textBody(content: Content, facts: EmailFacts): string {
  const width = Math.max(0, ...content.facts.map(([label]) => label.length)) + 2;
  const lines = [content.subject, '', content.intro, ''];
  for (const [label, value] of content.facts) lines.push(`${`${label}:`.padEnd(width)}${value}`);
  for (const list of content.lists) {
    lines.push('', `${list.heading}:`, ...(list.items.length ? list.items.map((item) => `- ${item}`) : ['- None']));
  }
  lines.push('');
  for (const link of content.links) lines.push(`${link.text}: ${link.href}`);
  lines.push('', '--', ...footerLines(facts));
  return `${lines.join('\n')}\n`;
}

/** Everything put into the HTML is escaped: names are typed by people. */
export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
  );

const BLUE = '#005eb8';
const TEXT = '#212b32';
const GREY = '#4c6272';

function htmlBody(content: Content, facts: EmailFacts): string {
  const cell = 'padding:8px 16px 8px 0;border-bottom:1px solid #d8dde0;text-align:left;vertical-align:top;';
  const rows = content.facts
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="${cell}font-weight:bold;">${escapeHtml(label)}</th><td style="${cell}">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const lists = content.lists
    .map(
      (list) =>
        `<h2 style="font-size:19px;margin:24px 0 8px;">${escapeHtml(list.heading)}</h2><ul style="margin:0;padding-left:20px;">${(list.items.length ? list.items : ['None']).map((item) => `<li style="margin-bottom:4px;">${escapeHtml(item)}</li>`).join('')}</ul>`,
    )
    .join('');
  const links = content.links
    .map(
      (link) =>
        `<p style="margin:0 0 12px;"><a href="${escapeHtml(link.href)}" style="color:${BLUE};font-weight:bold;">${escapeHtml(link.text)}</a></p>`,
    )
    .join('');
  const footer = footerLines(facts)
    .map((line) => `<p style="margin:0 0 8px;">${escapeHtml(line)}</p>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:0;background:#f0f4f5;font-family:Arial,Helvetica,sans-serif;color:${TEXT};font-size:16px;line-height:1.5;">
<div style="background:${BLUE};color:#ffffff;padding:16px 24px;"><div style="max-width:640px;margin:0 auto;font-size:20px;font-weight:bold;">Fairshift</div></div>
<div style="max-width:640px;background:#ffffff;margin:0 auto;padding:24px;">
<h1 style="font-size:24px;line-height:1.3;margin:0 0 16px;">${escapeHtml(content.subject)}</h1>
<p style="margin:0 0 16px;">${escapeHtml(content.intro)}</p>
<table style="border-collapse:collapse;width:100%;margin:0 0 16px;">${rows}</table>
${lists}
<div style="margin-top:24px;">${links}</div>
<div style="margin-top:32px;color:${GREY};font-size:14px;">${footer}</div>
</div>
</body>
</html>
`;
}
