import type { RequestHandler, Response, Router } from 'express';
import { InviteUserDto } from '../../core/auth/users.dto.js';
import type { UsersService } from '../../core/auth/users.service.js';
import { ConflictError, InvalidInputError } from '../../core/errors/domain-errors.js';
import { validateInput } from '../../core/validation/validate-input.js';
import type { OrganisationsService } from '../organisations/index.js';
import type { WorkforceService } from '../workforce/index.js';
import { placesInScope } from './grant-form.js';
import { formFields, type PageRequest, redirectAfterSave, show } from './page-context.js';

export interface AdminBankWorkerServices {
  users: UsersService;
  organisations: OrganisationsService;
  workforce: WorkforceService;
}

interface Answers {
  email?: string;
  trustId?: string;
  who?: string;
}

/**
 * An admin invites a bank worker to sign in (docs/rules.md section 13): the trust whose bank they
 * work for, the name or bank reference its records have, and the e-mail address they will use.
 * The person is linked to that bank worker record; their page then makes a set-up link for a
 * sign-in without an NHS login.
 */
export function adminBankWorkerPages(router: Router, services: AdminBankWorkerServices, access: RequestHandler) {
  router.get('/admin/users/invite-bank-worker', access, (request: PageRequest, response: Response) =>
    showForm(services, request, response, {}, {}),
  );

  router.post('/admin/users/invite-bank-worker', access, async (request: PageRequest, response: Response) => {
    const answers: Answers = formFields(request);
    const problems: Record<string, string> = {};
    if (!answers.email) problems.email = 'Enter the e-mail address they will sign in with';
    const places = await placesInScope(services.organisations, request.principal!);
    if (!answers.trustId || !places.trusts.has(answers.trustId))
      problems.trustId = 'Choose the trust whose bank they work for';
    if (!answers.who || answers.who.length > 200)
      problems.who = 'Enter their name or bank reference, as the bank’s records have it';
    const found =
      problems.trustId || problems.who
        ? []
        : await services.workforce.matching(answers.trustId!, answers.who!, request.principal!);
    if (!problems.trustId && !problems.who && found.length !== 1) {
      const trust = places.trusts.get(answers.trustId!)!.name;
      problems.who =
        found.length === 0
          ? `No bank worker of ${trust} has that name or reference`
          : `Several bank workers of ${trust} are called that: give their bank reference`;
    }
    if (Object.keys(problems).length > 0) return showForm(services, request, response, answers, problems, 400);
    try {
      const input = await validateInput(InviteUserDto, {
        email: answers.email,
        role: 'bank_worker',
        bankWorkerId: found[0]!.id,
      });
      const user = await services.users.invite(input, request.principal!);
      request.session.flash = `${found[0]!.displayName} is invited as ${user.email}. With an NHS login they can sign in now; without one, make them a set-up link below.`;
      await redirectAfterSave(request, response, `/admin/users/${user.id}`);
    } catch (error) {
      if (error instanceof ConflictError)
        return showForm(services, request, response, answers, { email: error.message }, 409);
      if (error instanceof InvalidInputError)
        return showForm(
          services,
          request,
          response,
          answers,
          { email: 'Enter an e-mail address, like name@example.com' },
          400,
        );
      throw error;
    }
  });
}

async function showForm(
  services: AdminBankWorkerServices,
  request: PageRequest,
  response: Response,
  answers: Answers,
  problems: Record<string, string>,
  status = 200,
) {
  const places = await placesInScope(services.organisations, request.principal!);
  const trusts = [...places.trusts.entries()]
    .map(([id, trust]) => ({
      value: id,
      text: `${trust.name} (${trust.systemName})`,
      selected: id === answers.trustId,
    }))
    .sort((one, other) => one.text.localeCompare(other.text, 'en-GB'));
  show(
    request,
    response,
    'admin-invite-bank-worker.njk',
    {
      title: 'Invite a bank worker',
      answers,
      trusts: [{ value: '', text: 'Choose a trust' }, ...trusts],
      errorFor: problems,
      errors: Object.entries(problems).map(([field, text]) => ({ text, href: `#${field}` })),
    },
    status,
  );
}
