import { Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { AppConfig } from '../../core/config/app-config.js';
import { ServiceUnavailableError } from '../../core/errors/domain-errors.js';

/** What /auth/login keeps in the session for /auth/callback to check. */
export interface SignInChecks {
  codeVerifier: string;
  state: string;
  nonce: string;
}

/** How long a failed discovery is remembered before the next sign-in asks the provider again. */
const RETRY_AFTER_MS = 5_000;

/**
 * Fairshift as an OpenID Connect relying party (openid-client): the authorization code flow with
 * PKCE, state and nonce, against any provider named by configuration. The provider is discovered
 * when someone first signs in (the service starts and serves the API while it is away), and again
 * after a failure.
 */
@Injectable()
export class OidcClient {
  private discovered: Promise<oidc.Configuration> | null = null;
  private failedAt = 0;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.OIDC_ISSUER_URL && this.config.OIDC_CLIENT_ID);
  }

  get redirectUri(): string {
    return `${this.config.publicUrl}/auth/callback`;
  }

  /**
   * The provider's authorization URL for a new sign-in, and the checks its callback must pass.
   * `again`: the person's session here ended (idle or too long), so the provider is asked to make
   * them sign in afresh (`prompt=login`) rather than let its own session carry them back in: on a
   * shared ward computer, whoever sits down next is not signed in as them.
   */
  async start(again = false): Promise<{ url: URL; checks: SignInChecks }> {
    const configuration = await this.configuration();
    const checks = {
      codeVerifier: oidc.randomPKCECodeVerifier(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: this.config.OIDC_SCOPES,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
      ...(again ? { prompt: 'login' } : {}),
    });
    return { url, checks };
  }

  /**
   * Exchanges the callback's code: the ID token's claims (signature, issuer, audience, nonce
   * checked), with the UserInfo endpoint's added when the token lacks the e-mail claim (CIS2 gives
   * e-mail and roles only there).
   */
  async finish(callbackUrl: URL, checks: SignInChecks): Promise<{ claims: Record<string, unknown>; idToken: string }> {
    const configuration = await this.configuration();
    const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims() as Record<string, unknown> | undefined;
    if (!claims || !tokens.id_token) throw new Error('The provider sent no ID token');
    if (claims[this.config.OIDC_EMAIL_CLAIM] === undefined && configuration.serverMetadata().userinfo_endpoint) {
      const userInfo = await oidc.fetchUserInfo(configuration, tokens.access_token, String(claims.sub));
      // The ID token's own claims win: they are signed.
      return { claims: { ...userInfo, ...claims }, idToken: tokens.id_token };
    }
    return { claims, idToken: tokens.id_token };
  }

  /** Where to send the browser to sign out at the provider too, or null when it has no end-session endpoint. */
  async signOutUrl(idToken: string | undefined, returnTo: string): Promise<URL | null> {
    try {
      const configuration = await this.configuration();
      if (!configuration.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(configuration, {
        post_logout_redirect_uri: returnTo,
        client_id: this.config.OIDC_CLIENT_ID!,
        ...(idToken ? { id_token_hint: idToken } : {}),
      });
    } catch {
      // Signed out here; the provider is away, so its own session is left to expire.
      return null;
    }
  }

  private configuration(): Promise<oidc.Configuration> {
    if (!this.enabled)
      return Promise.reject(
        new ServiceUnavailableError('Sign-in is not configured: set OIDC_ISSUER_URL and OIDC_CLIENT_ID'),
      );
    if (this.discovered === null && Date.now() - this.failedAt < RETRY_AFTER_MS) {
      return Promise.reject(
        new ServiceUnavailableError('The identity provider cannot be reached; try again in a minute'),
      );
    }
    this.discovered ??= this.discover().catch((error: unknown) => {
      this.discovered = null;
      this.failedAt = Date.now();
      throw new ServiceUnavailableError('The identity provider cannot be reached; try again in a minute', {
        cause: error,
      });
    });
    return this.discovered;
  }

  private discover(): Promise<oidc.Configuration> {
    const issuer = new URL(this.config.OIDC_ISSUER_URL!);
    const secret = this.config.OIDC_CLIENT_SECRET;
    const authentication =
      this.config.OIDC_TOKEN_AUTH_METHOD === 'client_secret_post'
        ? oidc.ClientSecretPost(secret)
        : oidc.ClientSecretBasic(secret);
    // A plain-http issuer (the demo's and the tests' local provider) is refused in production by the configuration check.
    const execute = issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
    return oidc.discovery(issuer, this.config.OIDC_CLIENT_ID!, secret, authentication, { execute, timeout: 10 });
  }
}
