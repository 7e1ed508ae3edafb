import type { RequestHandler, Response, Router } from 'express';
import { LOCAL_SIGN_IN_ROLES, type Role } from '../../core/auth/api-key.entity.js';
import { InviteUserDto, UpdateUserDto, type UserView } from '../../core/auth/users.dto.js';
import type { LocalAccountsService } from '../../core/auth/local-accounts.service.js';
import type { UsersService } from '../../core/auth/users.service.js';
import { InvalidInputError, NotFoundError } from '../../core/errors/domain-errors.js';
import { PageQuery } from '../../core/pagination/page.js';
import { validateInput } from '../../core/validation/validate-input.js';
import type { AgenciesService } from '../agencies/index.js';
import type { OrganisationsService } from '../organisations/index.js';
import {
  errorsView,
  formProblems,
  type GrantAnswers,
  grantAnswersFrom,
  grantAnswersOf,
  grantFieldsView,
  grantInput,
  type PageError,
  placesInScope,
  type Places,
  scopeWords,
  validateGrantForm,
} from './grant-form.js';
import { formFields, type PageRequest, redirectAfterSave, show } from './page-context.js';
import { APPROVAL_LEVEL_NAMES, londonTime, ROLE_NAMES } from './words.js';

export interface AdminPageServices {
  users: UsersService;
  organisations: OrganisationsService;
  localAccounts: LocalAccountsService;
  agencies: AgenciesService;
}

/**
 * The roles a person may be given here; integrations are systems, and get an API key instead;
 * bank workers are invited by their own form, which finds their bank record.
 */
const PERSON_ROLES: readonly Role[] = ['admin', 'workforce_lead', 'rota_manager', 'approver', 'agency'];

const PEOPLE_PER_PAGE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const userIdOf = (request: PageRequest): string => {
  const id = String(request.params.id);
  if (!UUID.test(id)) throw NotFoundError.of('user', id);
  return id;
};

/** What the invite form says about its own fields' problems. */
const INVITE_WORDS: Record<string, string> = {
  email: 'Enter an e-mail address in the correct format, like name@nhs.net',
  displayName: 'Enter a name of 200 characters or fewer',
};
const ALREADY_INVITED: PageError = { field: 'email', text: 'There is already a person with this e-mail address' };

const nameOf = (user: UserView): string => user.displayName ?? user.email;

/** A person as the list and their page describe them. */
function personView(user: UserView, places: Places) {
  return {
    ...user,
    name: nameOf(user),
    roleName: ROLE_NAMES[user.role] ?? user.role,
    approvalLevelName: user.approvalLevel ? APPROVAL_LEVEL_NAMES[user.approvalLevel] : null,
    scopeName: scopeWords(user, places),
    agencyName: user.agencyId ? (places.agencies.get(user.agencyId) ?? null) : null,
    // Without an NHS login: a Fairshift account, set up through a link (docs/rules.md section 13).
    localSignIn: LOCAL_SIGN_IN_ROLES.includes(user.role),
    lastSignIn: user.lastSignInAt ? londonTime(user.lastSignInAt) : 'Not yet',
  };
}

/**
 * The administrator's people pages: everyone with their role and scope, inviting someone, and a
 * person's page to change their role and scope or to deactivate them. Every change goes through
 * UsersService, as POST and PATCH /api/v1/users do, under the signed-in admin.
 */
export function adminPages(router: Router, services: AdminPageServices, access: RequestHandler) {
  router.get('/admin/users', access, async (request: PageRequest, response: Response) => {
    const cursor = typeof request.query.cursor === 'string' && request.query.cursor ? request.query.cursor : undefined;
    const query = await validateInput(PageQuery, { limit: PEOPLE_PER_PAGE, cursor });
    const [page, places] = await Promise.all([
      services.users.list(query),
      placesInScope(services.organisations, request.principal!, services.agencies),
    ]);
    show(request, response, 'admin-users.njk', {
      title: 'People',
      people: page.items.map((user) => personView(user, places)),
      nextHref: page.nextCursor ? `/admin/users?cursor=${encodeURIComponent(page.nextCursor)}` : null,
    });
  });

  router.get('/admin/users/invite', access, (request: PageRequest, response: Response) =>
    showInvite(services, request, response, { trustIds: [] }, {}, []),
  );

  router.post('/admin/users/invite', access, async (request: PageRequest, response: Response) => {
    const answers = grantAnswersOf(request.body);
    const { email, displayName } = formFields(request);
    try {
      const input = await validateGrantForm(InviteUserDto, { email, displayName, ...grantInput(answers) }, 'user');
      const user = await services.users.invite(input, request.principal!);
      request.session.flash =
        user.role === 'agency'
          ? `${user.email} is invited as agency staff. Make them a set-up link below to sign in without an NHS login.`
          : `${user.email} is invited. They can sign in now with that e-mail address.`;
      await redirectAfterSave(request, response, `/admin/users/${user.id}`);
    } catch (error) {
      const problems = formProblems(error, answers, INVITE_WORDS, ALREADY_INVITED);
      if (!problems) throw error;
      await showInvite(services, request, response, answers, { email, displayName }, problems, 400);
    }
  });

  router.get('/admin/users/:id', access, async (request: PageRequest, response: Response) => {
    const user = await services.users.get(userIdOf(request));
    await showPerson(services, request, response, user, grantAnswersFrom(user), []);
  });

  router.post('/admin/users/:id', access, async (request: PageRequest, response: Response) => {
    const user = await services.users.get(userIdOf(request));
    const answers = grantAnswersOf(request.body);
    try {
      const input = await validateGrantForm(UpdateUserDto, grantInput(answers), 'user');
      await services.users.update(user.id, input, request.principal!);
      request.session.flash = `${nameOf(user)}’s role and scope are saved. They apply from their next page.`;
      await redirectAfterSave(request, response, `/admin/users/${user.id}`);
    } catch (error) {
      const problems = formProblems(error, answers, {});
      if (!problems) throw error;
      await showPerson(services, request, response, user, answers, problems, 400);
    }
  });

  // A bank worker or agency staff without an NHS login: a one-time link to set up their Fairshift sign-in, shown once.
  router.post('/admin/users/:id/local-sign-in', access, (request: PageRequest, response: Response) =>
    showLocalLink(services, request, response),
  );

  router.post('/admin/users/:id/active', access, async (request: PageRequest, response: Response) => {
    const id = userIdOf(request);
    const { active } = formFields(request);
    if (active !== 'true' && active !== 'false') {
      throw new InvalidInputError('Choose to deactivate or reactivate', [
        { field: 'active', message: 'true or false' },
      ]);
    }
    const input = await validateInput(UpdateUserDto, { active: active === 'true' });
    const user = await services.users.update(id, input, request.principal!);
    request.session.flash = user.active
      ? `${nameOf(user)} is active again: they can sign in.`
      : `${nameOf(user)} is deactivated: they are signed out and cannot sign in.`;
    await redirectAfterSave(request, response, `/admin/users/${id}`);
  });
}

async function showInvite(
  services: AdminPageServices,
  request: PageRequest,
  response: Response,
  answers: GrantAnswers,
  fields: { email?: string; displayName?: string },
  problems: PageError[],
  status = 200,
) {
  const places = await placesInScope(services.organisations, request.principal!, services.agencies);
  show(
    request,
    response,
    'admin-invite.njk',
    {
      title: 'Invite a person',
      fields,
      grant: grantFieldsView(answers, places, PERSON_ROLES, problems),
      ...errorsView(problems),
    },
    status,
  );
}

async function showPerson(
  services: AdminPageServices,
  request: PageRequest,
  response: Response,
  user: UserView,
  answers: GrantAnswers,
  problems: PageError[],
  status = 200,
) {
  const places = await placesInScope(services.organisations, request.principal!, services.agencies);
  // Someone given another role by the API (an integration) keeps it on offer here.
  const roles = PERSON_ROLES.includes(user.role) ? PERSON_ROLES : [...PERSON_ROLES, user.role];
  show(
    request,
    response,
    'admin-user.njk',
    {
      title: nameOf(user),
      person: personView(user, places),
      isSelf: user.id === request.principal!.userId,
      grant: grantFieldsView(answers, places, roles, problems),
      ...errorsView(problems),
    },
    status,
  );
}

/** A bank worker's or agency staff's one-time link to set up a Fairshift sign-in (LocalAccountsService.issueSetup), shown once. */
async function showLocalLink(services: AdminPageServices, request: PageRequest, response: Response) {
  const user = await services.users.get(userIdOf(request));
  const { setupUrl, expiresAt } = await services.localAccounts.issueSetup(user.id, request.principal!);
  show(request, response, 'admin-local-link.njk', {
    title: `A sign-in link for ${nameOf(user)}`,
    person: { id: user.id, name: nameOf(user), email: user.email },
    setupUrl,
    expires: londonTime(expiresAt),
  });
}
