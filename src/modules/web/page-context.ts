import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '../../core/auth/api-key.entity.js';
import type { Principal } from '../../core/auth/principal.js';
import { sessionState } from '../../core/auth/sign-in-rules.js';
import type { UsersService } from '../../core/auth/users.service.js';
import { ForbiddenError } from '../../core/errors/domain-errors.js';
import { SEEN_AT_PRECISION_MS } from '../../core/web/web-session.js';
import { pageFrame, renderPage } from './render.js';

/** A page request once `signedIn` has let it through. */
export interface PageRequest extends Request {
  principal?: Principal;
  person?: { name: string };
}

/** The session has ended or never began: the page sends the browser to sign in. */
export class SignInNeeded extends Error {
  constructor(readonly why: 'none' | 'idle' | 'expired' | 'ended') {
    super(`sign-in needed (${why})`);
  }
}

/** A person may not use the service at all (unknown, deactivated): the "no access" page. */
export class NoAccess extends Error {}

export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

/**
 * Lets a signed-in person with one of `roles` (admin always) through, with their principal resolved
 * afresh from the database: a deactivated person or a changed role applies to the very next page.
 */
export function signedIn(users: UsersService, limits: SessionLimits, roles: Role[]): RequestHandler {
  return async (request: PageRequest, _response: Response, next: NextFunction) => {
    const session = request.session;
    if (!session?.userId || !session.signedInAt) throw new SignInNeeded('none');
    const now = Date.now();
    const state = sessionState(
      { signedInAt: session.signedInAt, seenAt: session.seenAt ?? session.signedInAt },
      now,
      limits,
    );
    if (state !== 'active') {
      await destroy(request);
      throw new SignInNeeded(state);
    }
    const person = await users.personOf(session.userId, requestIdOf(request));
    if (!person) {
      await destroy(request);
      throw new NoAccess();
    }
    // Written at most once a minute: a page read then costs no session write.
    if (now - (session.seenAt ?? 0) >= SEEN_AT_PRECISION_MS) session.seenAt = now;
    request.principal = person.principal;
    request.person = { name: person.name };
    if (person.principal.role !== 'admin' && !roles.includes(person.principal.role)) {
      throw new ForbiddenError(`This page is not for the ${person.principal.role.replace('_', ' ')} role`);
    }
    next();
  };
}

/** Ends the session (its row is deleted from the store). */
export const destroy = (request: Request): Promise<void> =>
  new Promise((done) => (request.session ? request.session.destroy(() => done()) : done()));

/** A new random token for the session's forms. */
export const newCsrfToken = (): string => randomBytes(32).toString('base64url');

/** Refuses (403) a state-changing request whose `_csrf` field is not the session's token. */
export const checkCsrf: RequestHandler = (request: PageRequest, _response, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return next();
  const sent = (request.body as Record<string, unknown> | undefined)?._csrf;
  const expected = request.session?.csrfToken;
  const ok =
    typeof sent === 'string' &&
    typeof expected === 'string' &&
    sent.length === expected.length &&
    timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
  if (!ok)
    return next(
      new ForbiddenError(
        'The form has expired or did not come from this service: go back, reload the page and try again',
      ),
    );
  next();
};

/** Renders a page in the layout, with the person, their links, the form token and any message from the last action. */
export function show(request: PageRequest, response: Response, template: string, context: object, status = 200): void {
  const flash = request.session?.flash ?? null;
  if (request.session && flash) delete request.session.flash;
  const frame = pageFrame(
    request.principal ?? null,
    request.person ?? null,
    request.path,
    request.session?.csrfToken ?? null,
    flash,
  );
  // A person's pages are theirs: not kept by the browser for Back after sign-out, nor by any cache.
  response.set('Cache-Control', 'no-store');
  response
    .status(status)
    .type('html')
    .send(renderPage(template, { ...context, frame }));
}

/** The message page ("no access", "not found", "something went wrong"). */
export function showMessage(
  request: PageRequest,
  response: Response,
  status: number,
  title: string,
  paragraphs: string[],
  action?: { text: string; href: string },
): void {
  show(request, response, 'message.njk', { title, paragraphs, action }, status);
}

/** The form fields of a POST, without the CSRF token (which is not part of any command). */
export function formFields(request: Request): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name !== '_csrf' && typeof value === 'string' && value.trim() !== '') fields[name] = value.trim();
  }
  return fields;
}

/** The request's id (assigned before routing), for the audit log. */
export const requestIdOf = (request: Request): string | null =>
  (request as { id?: unknown }).id === undefined ? null : String((request as { id?: unknown }).id);

/**
 * Stores the session, then redirects. express-session sends a response's headers before its
 * save completes, so a redirect could reach the browser, and its next request the server, before
 * what the handler put in the session (a sign-in, a message) is stored.
 */
export async function redirectAfterSave(request: Request, response: Response, location: string): Promise<void> {
  await new Promise<void>((done, fail) => request.session.save((error: unknown) => (error ? fail(error) : done())));
  response.redirect(303, location);
}
