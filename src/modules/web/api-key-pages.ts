import type { RequestHandler, Response, Router } from 'express';
import { type Role, STAFF_ROLES } from '../../core/auth/api-key.entity.js';
import { type ApiKeyView, CreateApiKeyDto } from '../../core/auth/api-keys.dto.js';
import type { ApiKeysService } from '../../core/auth/api-keys.service.js';
import { NotFoundError } from '../../core/errors/domain-errors.js';
import { PageQuery } from '../../core/pagination/page.js';
import { validateInput } from '../../core/validation/validate-input.js';
import type { AgenciesService } from '../agencies/index.js';
import type { OrganisationsService } from '../organisations/index.js';
import {
  errorsView,
  formProblems,
  type GrantAnswers,
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

export interface ApiKeyPageServices {
  apiKeys: ApiKeysService;
  organisations: OrganisationsService;
  agencies: AgenciesService;
}

/** The roles a key may be given: the staff roles, and an agency's own systems (one agency's key). */
const KEY_ROLES: readonly Role[] = [...STAFF_ROLES, 'agency'];

const KEYS_PER_PAGE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const keyIdOf = (request: PageRequest): string => {
  const id = String(request.params.id);
  if (!UUID.test(id)) throw NotFoundError.of('api key', id);
  return id;
};

const KEY_WORDS: Record<string, string> = {
  name: 'Enter a name for the key, of 200 characters or fewer, like ‘Medway rota system’',
};

/** A key as the list, the revoke step and the created page describe it (never its secret). */
function keyView(key: ApiKeyView, places: Places) {
  return {
    id: key.id,
    name: key.name,
    keyPrefix: key.keyPrefix,
    roleName: ROLE_NAMES[key.role] ?? key.role,
    approvalLevelName: key.approvalLevel ? APPROVAL_LEVEL_NAMES[key.approvalLevel] : null,
    scopeName: scopeWords(key, places),
    created: londonTime(key.createdAt),
    revoked: key.revokedAt ? londonTime(key.revokedAt) : null,
  };
}

/**
 * The administrator's API keys for integrations: the keys, a new one (its secret shown once, on
 * the page that answers the form, and kept nowhere but as its hash), and revoking one. Through
 * ApiKeysService, as /api/v1/api-keys, under the signed-in admin.
 */
export function apiKeyPages(router: Router, services: ApiKeyPageServices, access: RequestHandler) {
  router.get('/admin/api-keys', access, async (request: PageRequest, response: Response) => {
    const cursor = typeof request.query.cursor === 'string' && request.query.cursor ? request.query.cursor : undefined;
    const query = await validateInput(PageQuery, { limit: KEYS_PER_PAGE, cursor });
    const [page, places] = await Promise.all([
      services.apiKeys.list(query),
      placesInScope(services.organisations, request.principal!, services.agencies),
    ]);
    show(request, response, 'admin-api-keys.njk', {
      title: 'API keys',
      keys: page.items.map((key) => keyView(key, places)),
      nextHref: page.nextCursor ? `/admin/api-keys?cursor=${encodeURIComponent(page.nextCursor)}` : null,
    });
  });

  router.get('/admin/api-keys/new', access, (request: PageRequest, response: Response) =>
    showNewKey(services, request, response, { trustIds: [] }, undefined, []),
  );

  router.post('/admin/api-keys', access, async (request: PageRequest, response: Response) => {
    const answers = grantAnswersOf(request.body);
    const { name } = formFields(request);
    try {
      const input = await validateGrantForm(CreateApiKeyDto, { name, ...grantInput(answers) }, 'key');
      const created = await services.apiKeys.create(input, request.principal!);
      const places = await placesInScope(services.organisations, request.principal!, services.agencies);
      // This answer is the only place the secret is ever shown: no redirect, nothing in the
      // session, and show() sends Cache-Control: no-store so the browser keeps no copy.
      show(request, response, 'admin-api-key-created.njk', {
        title: 'API key created',
        key: keyView(created, places),
        secret: created.key,
      });
    } catch (error) {
      const problems = formProblems(error, answers, KEY_WORDS);
      if (!problems) throw error;
      await showNewKey(services, request, response, answers, name, problems, 400);
    }
  });

  router.get('/admin/api-keys/:id/revoke', access, async (request: PageRequest, response: Response) => {
    const [key, places] = await Promise.all([
      services.apiKeys.get(keyIdOf(request)),
      placesInScope(services.organisations, request.principal!, services.agencies),
    ]);
    show(request, response, 'admin-api-key-revoke.njk', { title: `Revoke ${key.name}?`, key: keyView(key, places) });
  });

  router.post('/admin/api-keys/:id/revoke', access, async (request: PageRequest, response: Response) => {
    const key = await services.apiKeys.revoke(keyIdOf(request), request.principal!);
    request.session.flash = `The key ‘${key.name}’ is revoked: it no longer works.`;
    await redirectAfterSave(request, response, '/admin/api-keys');
  });
}

async function showNewKey(
  services: ApiKeyPageServices,
  request: PageRequest,
  response: Response,
  answers: GrantAnswers,
  name: string | undefined,
  problems: PageError[],
  status = 200,
) {
  const places = await placesInScope(services.organisations, request.principal!, services.agencies);
  show(
    request,
    response,
    'admin-api-key-new.njk',
    {
      title: 'Create an API key',
      name,
      grant: grantFieldsView(answers, places, KEY_ROLES, problems),
      ...errorsView(problems),
    },
    status,
  );
}
