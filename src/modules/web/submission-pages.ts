import type { RequestHandler, Response, Router } from 'express';
import { NotFoundError, RuleViolationError } from '../../core/errors/domain-errors.js';
import { validateInput } from '../../core/validation/validate-input.js';
import {
  AcceptSubmissionDto,
  SubmissionReasonDto,
  type SubmissionsService,
  type SubmissionView,
} from '../submissions/index.js';
import { signoffSentence } from './agency-pages.js';
import { formFields, type PageRequest, redirectAfterSave, show } from './page-context.js';
import { CAP_POSITION_NAMES, londonTime, pounds, SIGNOFF_NAMES, SUBMISSION_STATUS_NAMES } from './words.js';

export interface SubmissionPageServices {
  submissions: SubmissionsService;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idsOf = (request: PageRequest): { shiftId: string; submissionId: string } => {
  const shiftId = String(request.params.id);
  const submissionId = String(request.params.submissionId);
  if (!UUID.test(shiftId)) throw NotFoundError.of('shift', shiftId);
  if (!UUID.test(submissionId)) throw NotFoundError.of('submission', submissionId);
  return { shiftId, submissionId };
};

/** What the shift page's accept form says back: the submission it was for, and why it did not book. */
export interface AcceptProblem {
  submissionId: string;
  text: string;
  bypassReason?: string;
}

/**
 * The shift page's "Agency submissions" panel: each candidate with their agency, charge, where it
 * stands against the caps and the sign-off its booking needs; those still submitted with accept and
 * decline while the shift is open and the person books. `askBypass` when a bank worker could work it.
 */
export function submissionsForShiftPage(
  submissions: SubmissionView[],
  options: { canDecide: boolean; askBypass: boolean; problem?: AcceptProblem },
) {
  return submissions.map((submission) => ({
    id: submission.id,
    candidate: submission.candidate.displayName,
    registration: submission.candidate.registration,
    agency: submission.agencyName,
    cost: pounds(submission.costPence),
    caps: CAP_POSITION_NAMES[submission.capPosition] ?? submission.capPosition,
    signoff: signoffSentence(submission.signoffLevel),
    status: SUBMISSION_STATUS_NAMES[submission.status] ?? submission.status,
    reason: submission.reason,
    submittedAt: londonTime(submission.submittedAt),
    decide: options.canDecide && submission.status === 'submitted',
    askBypass: options.askBypass,
    error: options.problem?.submissionId === submission.id ? options.problem.text : undefined,
    bypassReason: options.problem?.submissionId === submission.id ? (options.problem.bypassReason ?? '') : '',
  }));
}

/**
 * The rota manager's decisions on agencies' submissions, through SubmissionsService as the API's
 * `POST /submissions/{id}/accept` and `/decline` do. A missing bank-first reason comes back to the
 * shift page (`showShift`), beside the submission's field.
 */
export function submissionPages(
  router: Router,
  services: SubmissionPageServices,
  access: RequestHandler,
  showShift: (request: PageRequest, response: Response, problem: AcceptProblem, status: number) => Promise<void>,
) {
  router.post(
    '/shifts/:id/submissions/:submissionId/accept',
    access,
    async (request: PageRequest, response: Response) => {
      const { shiftId, submissionId } = idsOf(request);
      const fields = formFields(request);
      try {
        const input = await validateInput(
          AcceptSubmissionDto,
          fields.bypassReason ? { bypassReason: fields.bypassReason } : {},
        );
        const booking = await services.submissions.accept(submissionId, input, request.principal!);
        const submission = await services.submissions.get(submissionId, request.principal!);
        request.session.flash =
          booking.status === 'pending_approval'
            ? `${submission.candidate.displayName} (${submission.agencyName}) is booked, waiting for sign-off by ${SIGNOFF_NAMES[booking.requiredSignoff ?? ''] ?? booking.requiredSignoff} (${pounds(booking.costPence)}).`
            : `${submission.candidate.displayName} (${submission.agencyName}) is booked for this shift (${pounds(booking.costPence)}).`;
        await redirectAfterSave(request, response, `/shifts/${shiftId}`);
      } catch (error) {
        if (!(error instanceof RuleViolationError && error.rule === 'BANK_FIRST')) throw error;
        const text = 'Give a reason for booking an agency while a bank worker can work the shift';
        return showShift(request, response, { submissionId, text, bypassReason: fields.bypassReason }, 400);
      }
    },
  );

  router.get(
    '/shifts/:id/submissions/:submissionId/decline',
    access,
    async (request: PageRequest, response: Response) => {
      const { submissionId } = idsOf(request);
      showDecline(request, response, await services.submissions.get(submissionId, request.principal!), {}, 200);
    },
  );

  router.post(
    '/shifts/:id/submissions/:submissionId/decline',
    access,
    async (request: PageRequest, response: Response) => {
      const { shiftId, submissionId } = idsOf(request);
      const submission = await services.submissions.get(submissionId, request.principal!);
      const fields = formFields(request);
      if (!fields.reason)
        return showDecline(request, response, submission, { reason: 'Enter why you decline the candidate' }, 400);
      const input = await validateInput(SubmissionReasonDto, { reason: fields.reason });
      await services.submissions.decline(submissionId, input, request.principal!);
      request.session.flash = `${submission.candidate.displayName} (${submission.agencyName}) is declined. The agency is told why.`;
      await redirectAfterSave(request, response, `/shifts/${shiftId}`);
    },
  );
}

function showDecline(
  request: PageRequest,
  response: Response,
  submission: SubmissionView,
  errors: Record<string, string>,
  status: number,
) {
  show(
    request,
    response,
    'submission-decline.njk',
    {
      title: `Decline ${submission.candidate.displayName}?`,
      submission: { ...submission, cost: pounds(submission.costPence) },
      errors,
      errorList: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
    },
    status,
  );
}
