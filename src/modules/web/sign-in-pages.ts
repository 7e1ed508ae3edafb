import { Logger } from '@nestjs/common';
import type { Request, Response, Router } from 'express';
import type { AppConfig } from '../../core/config/app-config.js';
import { readClaims } from '../../core/auth/sign-in-rules.js';
import type { UsersService } from '../../core/auth/users.service.js';
import { ServiceUnavailableError } from '../../core/errors/domain-errors.js';
import { SESSION_COOKIE } from '../../core/web/web-session.js';
import type { OidcClient } from './oidc-client.js';
import {
  destroy,
  newCsrfToken,
  type PageRequest,
  redirectAfterSave,
  requestIdOf,
  showMessage,
} from './page-context.js';

const logger = new Logger('SignIn');

/** A path on this service to return to after sign-in; anything else (another site, `//host`) is refused. */
export function localPath(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\/(?![/\\])[\x21-\x7e]*$/.test(value) || value.startsWith('/auth/')) return null;
  return value.length <= 2000 ? value : null;
}

const regenerate = (request: Request): Promise<void> =>
  new Promise((done, fail) => request.session.regenerate((error: unknown) => (error ? fail(error) : done())));

/**
 * Starts the signed-in person's session, under a new id so that a session fixed before sign-in is
 * worth nothing: through the provider (with its ID token, for signing out there) or locally.
 */
export async function beginSession(request: PageRequest, userId: string, idToken?: string): Promise<void> {
  await regenerate(request);
  const now = Date.now();
  Object.assign(request.session, { userId, signedInAt: now, seenAt: now, csrfToken: newCsrfToken(), idToken });
}

/**
 * Sign-in through the trust's OpenID provider (docs/rules.md section 13): /auth/login starts the
 * authorization code flow with PKCE, state and nonce; /auth/callback checks it, finds who it is
 * (UsersService.signIn) and starts a new session; /auth/logout ends it here and at the provider.
 */
export function signInPages(router: Router, oidc: OidcClient, users: UsersService, config: AppConfig) {
  router.get('/auth/login', async (request: PageRequest, response: Response) => {
    const { url, checks } = await oidc.start(request.query.again === '1');
    request.session.pendingSignIn = { ...checks, returnTo: localPath(request.query.returnTo) ?? '/' };
    await redirectAfterSave(request, response, url.href);
  });

  router.get('/auth/callback', (request: PageRequest, response: Response) =>
    callback(request, response, oidc, users, config),
  );

  const signOut = async (request: PageRequest, response: Response) => {
    const idToken = request.session?.idToken;
    const wasSignedIn = Boolean(request.session?.userId);
    await destroy(request);
    response.clearCookie(SESSION_COOKIE);
    // Signed in locally (no ID token): there is no provider session to end.
    const atProvider =
      wasSignedIn && idToken && oidc.enabled
        ? await oidc.signOutUrl(idToken, `${config.publicUrl}/auth/signed-out`)
        : null;
    response.redirect(303, atProvider?.href ?? '/auth/signed-out');
  };
  router.get('/auth/logout', signOut);
  router.post('/auth/logout', signOut);

  router.get('/auth/signed-out', (request: PageRequest, response: Response) =>
    showMessage(request, response, 200, 'You have signed out', ['Close the browser if you are on a shared computer.'], {
      text: 'Sign in again',
      href: '/auth/login',
    }),
  );
}

/** Checks the provider's answer, finds who it is, and starts their session (a new id) or says they have no access. */
async function callback(
  request: PageRequest,
  response: Response,
  oidc: OidcClient,
  users: UsersService,
  config: AppConfig,
) {
  const pending = request.session?.pendingSignIn;
  if (!pending) {
    return showMessage(
      request,
      response,
      400,
      'Sign in again',
      ['This sign-in has expired or was started in another window.'],
      {
        text: 'Sign in',
        href: '/auth/login',
      },
    );
  }
  delete request.session.pendingSignIn;
  let result: Awaited<ReturnType<OidcClient['finish']>>;
  try {
    result = await oidc.finish(new URL(request.originalUrl, config.publicUrl), pending);
  } catch (error) {
    if (error instanceof ServiceUnavailableError) throw error;
    logger.warn(`a sign-in did not complete: ${(error as Error).message}`);
    return showMessage(
      request,
      response,
      400,
      'Sign in again',
      ['The sign-in did not complete. It may have been cancelled, or taken too long.'],
      {
        text: 'Sign in',
        href: '/auth/login',
      },
    );
  }
  const claims = readClaims(result.claims, {
    emailClaim: config.OIDC_EMAIL_CLAIM,
    groupsClaim: config.OIDC_GROUPS_CLAIM,
    emailVerified: config.OIDC_EMAIL_VERIFIED,
  });
  const outcome = await users.signIn(claims, requestIdOf(request));
  if ('refused' in outcome) {
    await destroy(request);
    response.clearCookie(SESSION_COOKIE);
    return showMessage(request, response, 403, 'You do not have access to Fairshift', [
      outcome.refused === 'deactivated'
        ? 'Your Fairshift account has been switched off.'
        : outcome.refused === 'unverified'
          ? `Your identity provider has not verified the e-mail address ${claims.email}.`
          : `Fairshift does not know ${claims.email ?? 'you'} yet.`,
      'Ask your trust’s Fairshift administrator to invite you with the e-mail address you sign in with.',
    ]);
  }
  await beginSession(request, outcome.user.id, result.idToken);
  await redirectAfterSave(request, response, pending.returnTo);
}
