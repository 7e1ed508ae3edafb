import { Logger } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { toProblem } from '../../core/errors/problem.js';
import { NoAccess, type PageRequest, showMessage, SignInNeeded } from './page-context.js';

const logger = new Logger('WebPages');

/** The pages of the roles that have pages of their own, away from the staff's. */
const OWN_PAGES: Record<string, { text: string; href: string }> = {
  bank_worker: { text: 'Your shifts', href: '/me' },
  agency: { text: 'Your agency’s shifts', href: '/agency' },
};

/** Why a page could not be shown, as its user needs to hear it. Never a stack trace, never a 500 for what they sent. */
export function webErrors(error: unknown, request: PageRequest, response: Response, next: NextFunction): void {
  if (response.headersSent) return next(error);
  if (error instanceof SignInNeeded) {
    if (request.method === 'GET') {
      const again = error.why === 'idle' || error.why === 'expired' ? 'again=1&' : '';
      // A bank worker's or an agency's page (an offer's e-mail link): the page that offers both ways
      // in, a local account or the trust's sign-in, for bank workers and agency staff have either.
      const signInPage = /^\/(me|agency)(\/|$)/.test(request.path) ? '/auth/local' : '/auth/login';
      response.redirect(303, `${signInPage}?${again}returnTo=${encodeURIComponent(request.originalUrl)}`);
      return;
    }
    return showMessage(
      request,
      response,
      401,
      'Your session has ended',
      [
        error.why === 'idle'
          ? 'You were signed out after 30 minutes without using Fairshift.'
          : 'Sign in again to carry on.',
        'What you were doing was not saved.',
      ],
      { text: 'Sign in', href: '/auth/login' },
    );
  }
  if (error instanceof NoAccess) {
    return showMessage(request, response, 403, 'You do not have access to Fairshift', [
      'Your account has been switched off or removed. Ask your trust’s Fairshift administrator.',
    ]);
  }
  if (error instanceof URIError) {
    return showMessage(request, response, 400, 'Page not found', ['The address is not one this service uses.'], {
      text: 'Start',
      href: '/',
    });
  }
  const { problem, internal } = toProblem(error);
  if (internal) {
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return showMessage(request, response, 500, 'Sorry, there is a problem with the service', ['Try again later.']);
  }
  if (problem.status === 404) {
    return showMessage(
      request,
      response,
      404,
      'Page not found',
      ['The page does not exist, or it belongs to a trust you do not work for.'],
      OWN_PAGES[request.principal?.role ?? ''] ?? { text: 'Open shifts', href: '/shifts' },
    );
  }
  // A staff page asked for by someone whose pages are their own (agency staff): the way back to them.
  const ownPages = OWN_PAGES[request.principal?.role ?? ''];
  if (problem.status === 403 && request.principal?.role === 'agency' && ownPages) {
    return showMessage(
      request,
      response,
      403,
      'This page is for NHS staff',
      ['Agency staff see the shifts released to their agency, and what they have put forward, on their own pages.'],
      ownPages,
    );
  }
  const title =
    problem.status === 403
      ? 'You cannot do this'
      : problem.status === 503
        ? 'Sorry, the service is unavailable'
        : 'This could not be done';
  const details = (problem.errors ?? []).map((field) => `${field.field}: ${field.message}`);
  showMessage(request, response, problem.status, title, [problem.detail, ...details], {
    text: 'Go back',
    href: backHref(request),
  });
}

/** The page the person came from, when it was one of ours; else the start. */
function backHref(request: PageRequest): string {
  const referer = request.get('referer');
  try {
    const url = referer ? new URL(referer) : null;
    return url && url.host === request.get('host') ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}
