import { SetMetadata } from '@nestjs/common';
import { ROLES, type Role } from './api-key.entity.js';

export const ROLES_KEY = 'fairshift:roles';
export const PUBLIC_KEY = 'fairshift:public';
export const BROWSER_PAGE_KEY = 'fairshift:browser-page';

/** The roles that may call a route; admin may call every route. A route without it is admin-only. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Every role in its scope may call the route (reads). */
export const AnyRole = () => SetMetadata(ROLES_KEY, [...ROLES]);

/** No key needed (health only). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * A page opened in a browser, which cannot add a bearer header: the key may also come as the
 * password of HTTP Basic.
 */
export const BrowserPage = () => SetMetadata(BROWSER_PAGE_KEY, true);
