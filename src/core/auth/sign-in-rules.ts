import { ROLES, SIGNOFF_LEVELS } from './api-key.entity.js';
import { checkGrant, type Grant } from './grant.js';

/** What the identity provider said about the person, from the ID token's claims. */
export interface SignInClaims {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  displayName: string | null;
  groups: string[];
}

export interface ClaimSettings {
  emailClaim: string;
  groupsClaim: string;
  /** `provider`: every e-mail it gives is verified; `claim`: only with email_verified true. */
  emailVerified: 'claim' | 'provider';
}

/** Reads the claims Fairshift uses from an ID token's claims, whatever their shape. */
export function readClaims(claims: Record<string, unknown>, settings: ClaimSettings): SignInClaims {
  const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);
  const email = text(claims[settings.emailClaim])?.toLowerCase() ?? null;
  const groups = claims[settings.groupsClaim];
  const name =
    text(claims.name) ?? ([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') || null);
  return {
    issuer: String(claims.iss),
    subject: String(claims.sub),
    email: email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null,
    emailVerified: settings.emailVerified === 'provider' || claims.email_verified === true,
    displayName: name,
    groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [],
  };
}

/**
 * The grant of the first of the person's groups that the map names, or null. A mapping that is not
 * a valid grant is skipped (the configuration check reports its shape; a bad entry must not let
 * anyone in with more than it says).
 */
export function grantFromGroups(groups: readonly string[], map: Record<string, unknown>): Grant | null {
  for (const group of groups) {
    const entry = map[group];
    if (typeof entry !== 'object' || entry === null) continue;
    const candidate = entry as Record<string, unknown>;
    const grant: Grant = {
      role: candidate.role as Grant['role'],
      systemId: typeof candidate.systemId === 'string' ? candidate.systemId : null,
      trustIds: Array.isArray(candidate.trustIds) ? candidate.trustIds.filter((id) => typeof id === 'string') : [],
      approvalLevel:
        typeof candidate.approvalLevel === 'string' ? (candidate.approvalLevel as Grant['approvalLevel']) : null,
    };
    if (!(ROLES as readonly string[]).includes(String(grant.role))) continue;
    if (grant.approvalLevel && !(SIGNOFF_LEVELS as readonly string[]).includes(grant.approvalLevel)) continue;
    try {
      checkGrant(grant, 'user');
    } catch {
      continue;
    }
    return grant;
  }
  return null;
}

export interface SessionTimes {
  /** When the person signed in, ms since the epoch. */
  signedInAt: number;
  /** Their last request, ms since the epoch. */
  seenAt: number;
}

/** Whether a session still holds (docs/rules.md section 13): 30 minutes idle, 12 hours in all by default. */
export function sessionState(
  times: SessionTimes,
  now: number,
  limits: { idleMinutes: number; absoluteHours: number },
): 'active' | 'idle' | 'expired' {
  if (now - times.signedInAt >= limits.absoluteHours * 3_600_000) return 'expired';
  if (now - times.seenAt >= limits.idleMinutes * 60_000) return 'idle';
  return 'active';
}
