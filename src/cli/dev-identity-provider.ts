import express, { type Request, type Response } from 'express';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { Configuration, default as Provider } from 'oidc-provider';

/** A person the local provider knows, with the password they type on its sign-in page. */
export interface DevAccount {
  id: string;
  email: string;
  name: string;
  password: string;
  groups?: string[];
  emailVerified?: boolean;
}

export interface DevIdentityProviderOptions {
  port: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  /** The relying party's PUBLIC_URL: its callback and signed-out pages are registered from it. */
  relyingPartyUrl: string;
  tokenAuthMethod?: 'client_secret_basic' | 'client_secret_post';
  accounts: DevAccount[];
}

export interface DevIdentityProvider {
  issuer: string;
  close(): Promise<void>;
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const page = (title: string, body: string): string => `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font-family:Arial,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#212b32}
label{display:block;margin:1rem 0 .25rem;font-weight:bold}input{font-size:1.1rem;padding:.4rem;width:100%;box-sizing:border-box}
button{margin-top:1.5rem;font-size:1.1rem;padding:.6rem 1.2rem;background:#007f3b;color:#fff;border:0}.error{color:#d5281b;font-weight:bold}</style>
</head><body><p>Local identity provider (development and tests only)</p>${body}</body></html>`;

/** The provider's settings: one client (the relying party), PKCE required, ID tokens that carry who signed in. */
function providerConfiguration(options: DevIdentityProviderOptions, accounts: Map<string, DevAccount>): Configuration {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [`${options.relyingPartyUrl}/auth/callback`],
        post_logout_redirect_uris: [`${options.relyingPartyUrl}/auth/signed-out`],
        token_endpoint_auth_method: options.tokenAuthMethod ?? 'client_secret_basic',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'dev', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups', 'offline_access'],
    // The relying party reads who signed in from the ID token.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // Lifetimes in seconds, as a provider would set them (and so that it does not warn of its defaults).
    ttl: {
      Interaction: 600,
      Session: 12 * 3600,
      Grant: 12 * 3600,
      AccessToken: 3600,
      IdToken: 3600,
      AuthorizationCode: 60,
    },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_context, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_context, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: account.email,
          email_verified: account.emailVerified ?? true,
          name: account.name,
          groups: account.groups ?? [],
        }),
      };
    },
  };
}

/** The provider's own sign-in page (e-mail and password) and its consent step (granted: the service is the trust's own). */
function interactionRoutes(app: express.Express, provider: Provider, accounts: Map<string, DevAccount>): void {
  const form = express.urlencoded({ extended: false });
  const signInPage = (uid: string, error?: string) =>
    page(
      'Sign in',
      `<h1>Sign in</h1>${error ? `<p class="error">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="email">E-mail address</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`,
    );

  app.get('/interaction/:uid', async (request: Request, response: Response) => {
    const details = await provider.interactionDetails(request, response);
    if (details.prompt.name === 'login') return response.type('html').send(signInPage(details.uid));
    // Consent: the relying party is the trust's own service, so every scope it asks for is granted.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant!.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant!.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant!.save();
    await provider.interactionFinished(request, response, { consent: { grantId } }, { mergeWithLastSubmission: true });
  });

  app.post('/interaction/:uid/login', form, async (request: Request, response: Response) => {
    const details = await provider.interactionDetails(request, response);
    const email = String(request.body?.email ?? '')
      .trim()
      .toLowerCase();
    const account = [...accounts.values()].find((candidate) => candidate.email.toLowerCase() === email);
    if (!account || account.password !== String(request.body?.password ?? '')) {
      return response.status(400).type('html').send(signInPage(details.uid, 'The e-mail address or password is wrong'));
    }
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId: account.id } },
      { mergeWithLastSubmission: false },
    );
  });
}

/**
 * oidc-provider 9 warns on Node 20 (it asks for Node 22, which Fairshift also runs on) and that its
 * in-memory store forgets on restart: both true and both fine for a provider that lives as long as
 * a demo or a test. Those two warnings are not printed; any other is.
 */
async function quietly<T>(make: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  const known = [
    'oidc-provider WARNING: Unsupported runtime',
    'oidc-provider WARNING: a quick start development-only in-memory adapter',
  ];
  console.warn = (...parts: unknown[]) => {
    if (!known.some((warning) => String(parts[0]).includes(warning))) warn(...parts);
  };
  try {
    return await make();
  } finally {
    console.warn = warn;
  }
}

/**
 * A real OpenID Connect provider (oidc-provider) for the demo and the tests, with a sign-in page
 * that checks each account's password. Never used in production: trusts bring Entra ID or CIS2.
 */
export async function startDevIdentityProvider(options: DevIdentityProviderOptions): Promise<DevIdentityProvider> {
  const host = options.host ?? '127.0.0.1';
  const issuer = `http://${host}:${options.port}`;
  const accounts = new Map(options.accounts.map((account) => [account.id, account]));
  const configuration = providerConfiguration(options, accounts);
  const provider = await quietly(async () => {
    const { default: Provider } = await import('oidc-provider');
    return new Provider(issuer, configuration);
  });
  const app = express();
  app.disable('x-powered-by');

  interactionRoutes(app, provider, accounts);
  app.use(provider.callback());
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port, host, () => resolve(listening));
    listening.once('error', reject);
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
