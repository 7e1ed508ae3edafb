import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from './api-key.entity.js';
import { ApiKeysService } from './api-keys.service.js';
import type { AuthenticatedRequest } from './current-principal.decorator.js';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-errors.js';
import { DEFAULT_ROLES, PUBLIC_KEY, ROLES_KEY } from './roles.decorator.js';

/**
 * The key in an Authorization header: `Bearer <key>`, or, where `allowBasic` (the queue dashboard,
 * opened in a browser, which cannot add a bearer header), the password of HTTP Basic.
 */
export function presentedKey(header: string | undefined, allowBasic = false): string | null {
  if (!header) return null;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!value) return null;
  if (/^bearer$/i.test(scheme ?? '')) return value;
  if (allowBasic && /^basic$/i.test(scheme ?? '')) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    return separator >= 0 ? decoded.slice(separator + 1) || null : null;
  }
  return null;
}

/**
 * Resolves the bearer key's scope and checks the route's roles. Registered as APP_GUARD, so every
 * route is covered unless marked @Public(); a route without @Roles is for admin keys only.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const key = presentedKey(request.headers.authorization);
    if (!key || key.length > 512) throw new UnauthenticatedError('Send an API key as Authorization: Bearer <key>');
    const principal = await this.apiKeys.resolve(key, request.id === undefined ? null : String(request.id));
    if (!principal) throw new UnauthenticatedError('The API key is unknown or revoked');
    request.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? DEFAULT_ROLES;
    if (principal.role !== 'admin' && !roles.includes(principal.role)) {
      throw new ForbiddenError(`The ${principal.role} role may not do this`);
    }
    return true;
  }
}
