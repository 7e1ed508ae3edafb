import type { RequestHandler, Response, Router } from 'express';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
} from '../../core/errors/domain-errors.js';
import { validateInput } from '../../core/validation/validate-input.js';
import {
  type AgencyShiftView,
  type AgencyViewsService,
  CreateSubmissionDto,
  SubmissionReasonDto,
  type SubmissionsService,
  type SubmissionView,
} from '../submissions/index.js';
import { STAFF_GROUPS, staffGroup, type StaffGroup } from '../time-bands/index.js';
import { formFields, type PageRequest, redirectAfterSave, show } from './page-context.js';
import { poundsField, readPounds } from './shift-forms.js';
import {
  CAP_POSITION_NAMES,
  gradeName,
  hours,
  londonTime,
  pounds,
  SIGNOFF_NAMES,
  staffGroupName,
  SUBMISSION_STATUS_NAMES,
  shiftTimes,
} from './words.js';

export interface AgencyPageServices {
  agencyViews: AgencyViewsService;
  submissions: SubmissionsService;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idOf = (request: PageRequest, what: string): string => {
  const id = String(request.params.id);
  if (!UUID.test(id)) throw NotFoundError.of(what, id);
  return id;
};

/** A counting invoice line's status, as the agency's bookings page says it. */
const INVOICE_STATUS_WORDS: Record<string, string> = {
  matched: 'matched',
  over_timesheet: 'disputed: more hours than the timesheet',
  over_contract: 'disputed: above the contract',
  over_cap_unapproved: 'disputed: above the cap without sign-off',
  no_timesheet: 'held: no timesheet yet',
};

/** How many of its latest submissions the agency's home lists. */
const LATEST_SUBMISSIONS = 20;

/** What the sign-off a charge needs means, in a sentence. */
export const signoffSentence = (level: string | null): string =>
  level ? `Its booking needs sign-off by ${SIGNOFF_NAMES[level] ?? level}.` : 'No sign-off needed.';

const shiftRow = (shift: AgencyShiftView) => ({
  id: shift.id,
  when: shiftTimes(shift.startsAt, shift.endsAt),
  where: `${shift.wardName}, ${shift.trustName}`,
  role: `${staffGroupName(shift.staffGroup)}, ${gradeName(shift.grade)}`,
  cost: pounds(shift.costPence),
  caps: CAP_POSITION_NAMES[shift.capPosition] ?? shift.capPosition,
  signoff: shift.signoffLevel ? `Needs ${SIGNOFF_NAMES[shift.signoffLevel]} to sign off` : null,
});

const submissionRow = (submission: SubmissionView) => ({
  id: submission.id,
  candidate: submission.candidate.displayName,
  registration: submission.candidate.registration,
  status: SUBMISSION_STATUS_NAMES[submission.status] ?? submission.status,
  open: submission.status === 'submitted',
  cost: pounds(submission.costPence),
  caps: CAP_POSITION_NAMES[submission.capPosition] ?? submission.capPosition,
  signoff: signoffSentence(submission.signoffLevel),
  reason: submission.reason,
  submittedAt: londonTime(submission.submittedAt),
  shiftHref: `/agency/shifts/${submission.shiftId}`,
});

/**
 * Agency staff's pages (docs/rules.md section 14): the open shifts released to their agency with
 * its contract's charge, putting a candidate forward (checked and priced at once, as the API does),
 * their submissions and withdrawing one, and the agency's bookings that its invoices name.
 */
export function agencyPages(router: Router, services: AgencyPageServices, access: RequestHandler) {
  router.get('/agency', access, async (request: PageRequest, response: Response) => {
    const principal = request.principal!;
    const group = STAFF_GROUPS.find((one) => one.key === request.query.staffGroup)?.key;
    const cursor = typeof request.query.cursor === 'string' ? request.query.cursor : undefined;
    const [shifts, latest] = await Promise.all([
      services.agencyViews.shifts({ staffGroup: group, cursor }, principal),
      services.submissions.listForAgency({ limit: LATEST_SUBMISSIONS }, principal),
    ]);
    const next = new URLSearchParams({ ...(group ? { staffGroup: group } : {}), cursor: shifts.nextCursor ?? '' });
    show(request, response, 'agency.njk', {
      title: 'Shifts released to your agency',
      shifts: shifts.items.map(shiftRow),
      nextHref: shifts.nextCursor ? `/agency?${next.toString()}` : null,
      staffGroups: [
        { value: '', text: 'All staff groups' },
        ...STAFF_GROUPS.map((one) => ({ value: one.key, text: one.name, selected: one.key === group })),
      ],
      submissions: latest.items.map(submissionRow),
    });
  });

  router.get('/agency/shifts/:id', access, async (request: PageRequest, response: Response) => {
    const shift = await services.agencyViews.shift(idOf(request, 'shift'), request.principal!);
    showSubmitForm(request, response, shift, {}, {});
  });

  router.post('/agency/shifts/:id', access, (request: PageRequest, response: Response) =>
    submitCandidate(services, request, response),
  );

  router.get('/agency/submissions/:id/withdraw', access, async (request: PageRequest, response: Response) => {
    const submission = await services.submissions.get(idOf(request, 'submission'), request.principal!);
    showWithdraw(request, response, submission, {}, 200);
  });

  router.post('/agency/submissions/:id/withdraw', access, async (request: PageRequest, response: Response) => {
    const submission = await services.submissions.get(idOf(request, 'submission'), request.principal!);
    const fields = formFields(request);
    if (!fields.reason) return showWithdraw(request, response, submission, { reason: 'Enter why you withdraw' }, 400);
    const input = await validateInput(SubmissionReasonDto, { reason: fields.reason });
    await services.submissions.withdraw(submission.id, input, request.principal!);
    request.session.flash = `${submission.candidate.displayName} is withdrawn.`;
    await redirectAfterSave(request, response, '/agency');
  });

  router.get('/agency/bookings', access, async (request: PageRequest, response: Response) => {
    const cursor = typeof request.query.cursor === 'string' ? request.query.cursor : undefined;
    const page = await services.agencyViews.bookings({ cursor }, request.principal!);
    show(request, response, 'agency-bookings.njk', {
      title: 'Your agency’s bookings',
      bookings: page.items.map((booking) => ({
        id: booking.id,
        when: shiftTimes(booking.startsAt, booking.endsAt),
        where: `${booking.wardName}, ${booking.trustName}`,
        worker: booking.agencyWorker?.displayName ?? 'Not named',
        status: booking.status === 'pending_approval' ? 'Waiting for sign-off' : booking.status,
        cost: pounds(booking.costPence),
        timesheet: booking.timesheet
          ? `${hours(booking.timesheet.paidMinutes)}, ${pounds(booking.timesheet.amountPence)}`
          : 'Not yet',
        invoice:
          booking.invoiceStatus === 'not_invoiced'
            ? 'Not invoiced'
            : `${booking.invoiceNumber}: ${INVOICE_STATUS_WORDS[booking.invoiceStatus] ?? booking.invoiceStatus}`,
      })),
      nextHref: page.nextCursor ? `/agency/bookings?cursor=${encodeURIComponent(page.nextCursor)}` : null,
    });
  });
}

/** The bands the shift touches, in its scheme's order, with the contract's rate of each. */
const bandsOf = (shift: AgencyShiftView) =>
  staffGroup(shift.staffGroup as StaffGroup)
    .bands.filter((band) => (shift.bandMinutes[band] ?? 0) > 0)
    .map((band) => ({ band, rate: shift.ratesPence[band]! }));

type FormErrors = Record<string, string>;

function showSubmitForm(
  request: PageRequest,
  response: Response,
  shift: AgencyShiftView,
  values: Record<string, string>,
  errors: FormErrors,
  status = 200,
  problem?: string,
) {
  const registered = staffGroup(shift.staffGroup as StaffGroup).ruleClass === 'registered_clinical';
  show(
    request,
    response,
    'agency-shift.njk',
    {
      title: 'Put a candidate forward',
      shift: { ...shiftRow(shift), length: `${hours(shift.paidMinutes)} paid (${shift.breakMinutes} minutes’ break)` },
      registered,
      bands: bandsOf(shift).map((band) => ({
        ...band,
        name: band.band.replace(/_/g, ' '),
        contract: pounds(band.rate),
        value: values[`rate_${band.band}`] ?? poundsField(band.rate),
        feeValue: values[`fee_${band.band}`] ?? '',
        payValue: values[`pay_${band.band}`] ?? '',
      })),
      values,
      errors,
      problem,
      splitOpen: [...Object.keys(values), ...Object.keys(errors)].some((field) => /^(pay|fee)_/.test(field)),
      errorList: [
        ...(problem ? [{ text: problem, href: '#candidate-name' }] : []),
        ...Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
      ],
    },
    status,
  );
}

/**
 * Puts the candidate forward through SubmissionsService.submit, as `POST /shifts/{id}/submissions`
 * does: rates typed in pounds per band (the contract's by default), the split optional. The
 * rules' refusals come back under the field they concern.
 */
async function submitCandidate(services: AgencyPageServices, request: PageRequest, response: Response) {
  const shift = await services.agencyViews.shift(idOf(request, 'shift'), request.principal!);
  const fields = formFields(request);
  const errors: FormErrors = {};
  const perBand = (prefix: string, required: boolean) => {
    const values: Record<string, number> = {};
    for (const { band } of bandsOf(shift)) {
      const typed = fields[`${prefix}_${band}`];
      if (!typed) {
        if (required) errors[`${prefix}_${band}`] = 'Enter the charge per hour';
        continue;
      }
      const pence = readPounds(typed);
      if (pence === null || pence < 1) errors[`${prefix}_${band}`] = 'Enter an amount in pounds, like 42.50';
      else values[band] = pence;
    }
    return Object.keys(values).length > 0 ? values : undefined;
  };
  const ratesPence = perBand('rate', true);
  const agencyFeePence = perBand('fee', false);
  const workerPayPence = perBand('pay', false);
  if (!fields.displayName) errors['candidate-name'] = 'Enter the candidate’s name';
  if (Object.keys(errors).length > 0) return showSubmitForm(request, response, shift, fields, errors, 400);
  try {
    const input = await validateInput(CreateSubmissionDto, {
      candidate: {
        displayName: fields.displayName,
        ...(fields.registration ? { registration: fields.registration } : {}),
      },
      ratesPence,
      ...(agencyFeePence ? { agencyFeePence } : {}),
      ...(workerPayPence ? { workerPayPence } : {}),
    });
    const submitted = await services.submissions.submit(shift.id, input, request.principal!);
    request.session.flash = `${submitted.candidate.displayName} is put forward for ${shiftTimes(shift.startsAt, shift.endsAt)} at ${pounds(submitted.costPence)}. ${signoffSentence(submitted.signoffLevel)}`;
    await redirectAfterSave(request, response, '/agency');
  } catch (error) {
    const shown = refusalOnForm(error);
    if (!shown) throw error;
    return showSubmitForm(request, response, shift, fields, shown.errors, shown.status, shown.problem);
  }
}

/** A refusal as the form shows it: under its field, or above the form; null for anything else. */
function refusalOnForm(error: unknown): { errors: FormErrors; status: number; problem?: string } | null {
  const fieldOf = (field: string): string =>
    field === 'candidate.displayName'
      ? 'candidate-name'
      : field === 'candidate.registration'
        ? 'registration'
        : field
            .replace(/^ratesPence\./, 'rate_')
            .replace(/^agencyFeePence\./, 'fee_')
            .replace(/^workerPayPence\./, 'pay_');
  if (error instanceof InvalidInputError || error instanceof RuleViolationError) {
    const errors: FormErrors = {};
    for (const one of error.errors ?? []) errors[fieldOf(one.field)] ??= capitalise(one.message);
    const status = error instanceof InvalidInputError ? 400 : 422;
    return Object.keys(errors).length > 0 ? { errors, status } : { errors, status, problem: error.message };
  }
  if (error instanceof ConflictError) return { errors: {}, status: 409, problem: error.message };
  return null;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function showWithdraw(
  request: PageRequest,
  response: Response,
  submission: SubmissionView,
  errors: FormErrors,
  status: number,
) {
  if (submission.status !== 'submitted')
    throw new ConflictError(
      `${submission.candidate.displayName}’s submission is ${SUBMISSION_STATUS_NAMES[submission.status]?.toLowerCase()}: there is nothing to withdraw`,
    );
  show(
    request,
    response,
    'agency-withdraw.njk',
    {
      title: `Withdraw ${submission.candidate.displayName}?`,
      submission: submissionRow(submission),
      errors,
      errorList: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
    },
    status,
  );
}
