import type { Response, Router } from 'express';
import QRCode from 'qrcode';
import type { LocalAccountsService } from '../../core/auth/local-accounts.service.js';
import { InvalidInputError, NotFoundError } from '../../core/errors/domain-errors.js';
import {
  formFields,
  newCsrfToken,
  type PageRequest,
  redirectAfterSave,
  requestIdOf,
  show,
  showMessage,
} from './page-context.js';
import { beginSession, localPath } from './sign-in-pages.js';

/** Someone not signed in gets a session of their own for the form's token (checkCsrf). */
const formToken = (request: PageRequest) => {
  request.session.csrfToken ??= newCsrfToken();
};

const expiredLink = (request: PageRequest, response: Response) =>
  showMessage(
    request,
    response,
    404,
    'This link has expired or been used',
    ['Ask your bank office for a new link to set up your sign-in.'],
    { text: 'Sign in', href: '/auth/local' },
  );

async function showAuthenticator(
  request: PageRequest,
  response: Response,
  token: string,
  app: { secret: string; uri: string },
  error?: string,
) {
  const qr = await QRCode.toString(app.uri, { type: 'svg', margin: 2 });
  show(
    request,
    response,
    'local-setup-code.njk',
    {
      title: 'Set up your authenticator app',
      token,
      qrSrc: `data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}`,
      // Grouped in fours, as authenticator apps ask for it typed.
      secret: app.secret.match(/.{1,4}/g)!.join(' '),
      uri: app.uri,
      error,
      errors: error ? [{ text: error, href: '#code' }] : [],
    },
    error ? 400 : 200,
  );
}

/**
 * Local sign-in for bank workers without an NHS identity (docs/rules.md section 13): the one-time
 * setup link (choose a password, then scan the QR code into an authenticator app and give a code),
 * and `/auth/local` (e-mail, password and a code from the app), which starts the same session as
 * the provider's sign-in does.
 */
export function localSignInPages(router: Router, accounts: LocalAccountsService) {
  router.get('/auth/local', async (request: PageRequest, response: Response) => {
    formToken(request);
    show(request, response, 'local-sign-in.njk', {
      title: 'Sign in with your Fairshift account',
      returnTo: localPath(request.query.returnTo),
      errors: [],
    });
  });

  router.post('/auth/local', (request: PageRequest, response: Response) => signIn(accounts, request, response));

  router.get('/auth/local/setup', async (request: PageRequest, response: Response) => {
    const token = typeof request.query.token === 'string' ? request.query.token : '';
    const setup = await accounts.setupFor(token);
    if (!setup) return expiredLink(request, response);
    formToken(request);
    if (setup.passwordChosen) {
      const app = await accounts.pendingSecret(token);
      if (app) return showAuthenticator(request, response, token, app);
    }
    show(request, response, 'local-setup-password.njk', {
      title: 'Choose a password',
      token,
      email: setup.email,
      errors: [],
    });
  });

  router.post('/auth/local/setup', (request: PageRequest, response: Response) =>
    choosePassword(accounts, request, response),
  );

  router.post('/auth/local/setup/code', async (request: PageRequest, response: Response) => {
    const { token = '', code = '' } = formFields(request);
    const app = await accounts.pendingSecret(token);
    if (!app) return expiredLink(request, response);
    if (!(await accounts.confirm(token, code)))
      return showAuthenticator(
        request,
        response,
        token,
        app,
        'The code is not right: enter the 6 digits your app shows now',
      );
    showMessage(
      request,
      response,
      200,
      'Your sign-in is ready',
      ['Sign in with your e-mail address, your password and a code from your authenticator app.'],
      { text: 'Sign in', href: '/auth/local' },
    );
  });
}

/** E-mail, password and a code: the session starts, or the form comes back saying why not. */
async function signIn(accounts: LocalAccountsService, request: PageRequest, response: Response) {
  const { email = '', password = '', code = '', returnTo: wanted } = formFields(request);
  const returnTo = localPath(wanted);
  const outcome = email && password && code ? await accounts.signIn(email, password, code, requestIdOf(request)) : null;
  if (!outcome || 'refused' in outcome) {
    const refused = outcome && 'refused' in outcome ? outcome.refused : 'wrong';
    const text =
      refused === 'deactivated'
        ? 'Your Fairshift account has been switched off. Ask your bank office.'
        : 'The e-mail address, password or code is not right. Codes change every 30 seconds. After 5 wrong tries in a row, wait 15 minutes before trying again.';
    return show(
      request,
      response,
      'local-sign-in.njk',
      { title: 'Sign in with your Fairshift account', email, returnTo, errors: [{ text, href: '#email' }] },
      refused === 'deactivated' ? 403 : 401,
    );
  }
  await beginSession(request, outcome.user.id);
  await redirectAfterSave(request, response, returnTo ?? '/');
}

/** The password chosen (twice): on to the authenticator app, or the form again saying what is wrong. */
async function choosePassword(accounts: LocalAccountsService, request: PageRequest, response: Response) {
  const { token = '', password = '', confirm = '' } = formFields(request);
  const setup = await accounts.setupFor(token);
  if (!setup) return expiredLink(request, response);
  const again = (text: string, field: string) =>
    show(
      request,
      response,
      'local-setup-password.njk',
      {
        title: 'Choose a password',
        token,
        email: setup.email,
        error: { field, text },
        errors: [{ text, href: `#${field}` }],
      },
      400,
    );
  if (password !== confirm) return again('The two passwords are not the same', 'confirm');
  try {
    return showAuthenticator(request, response, token, await accounts.choosePassword(token, password));
  } catch (error) {
    if (error instanceof InvalidInputError) return again(error.message, 'password');
    if (error instanceof NotFoundError) return expiredLink(request, response);
    throw error;
  }
}
