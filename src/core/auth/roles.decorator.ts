import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { type Role, STAFF_ROLES } from './api-key.entity.js';

export const ROLES_KEY = 'fairshift:roles';
export const PUBLIC_KEY = 'fairshift:public';

/** The roles of a route without @Roles. */
export const DEFAULT_ROLES: readonly Role[] = ['admin'];

/**
 * The OpenAPI extension listing the roles an operation allows. It comes from the same decorator
 * the guard reads, so the document cannot disagree with the guard (test/e2e/security.test.ts
 * walks it).
 */
export const ROLES_EXTENSION = 'x-roles';

/**
 * The roles that may call a route; admin may call every route. A route without it is admin-only.
 * On a controller it applies to the routes that do not name their own.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension(ROLES_EXTENSION, roles));

/** Every staff role in its scope may call the route (reads); not a bank worker, who has `/me`. */
export const AnyRole = () => Roles(...STAFF_ROLES);

/** No key needed (health only). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
