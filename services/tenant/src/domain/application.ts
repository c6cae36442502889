import { randomUUID } from 'node:crypto';
import { ApplicationChangedV1, type CloudEvent, type EventData } from '@idaas/events';
import { generateSecret, hashSecret } from '@idaas/crypto';
import { MANAGEMENT_SOURCE } from './tenant';
import { redirectUriProblem } from './redirect-uri';
import { webhookUrlProblem, type ReceiverScope } from './webhook-url';

type Snapshot = EventData<typeof ApplicationChangedV1>;
export type ApplicationKind = Snapshot['kind'];
export type GrantType = Snapshot['grantTypes'][number];
export type ClientAuthMethod = Snapshot['tokenEndpointAuthMethod'];
export type SigningAlg = Snapshot['idTokenSigningAlg'];

export interface StoredSecret {
  id: string;
  sha256: string;
  createdAt: Date;
  /** Set when a newer secret replaced it: the overlap window in which both work. */
  expiresAt?: Date;
}

export interface Application extends Omit<Snapshot, 'secretVerifiers'> {
  secrets: StoredSecret[];
  createdAt: Date;
  updatedAt: Date;
}

/** What an admin may set; everything else is derived or defaulted from the kind. */
export interface ApplicationSettings {
  name: string;
  kind: ApplicationKind;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string;
  backchannelLogoutSessionRequired?: boolean;
  requirePushedAuthorizationRequests?: boolean;
  grantTypes?: GrantType[];
  scopes?: string[];
  firstParty?: boolean;
  tokenEndpointAuthMethod?: ClientAuthMethod;
  idTokenSigningAlg?: SigningAlg;
  accessTokenSigningAlg?: SigningAlg;
  accessTokenTtlSeconds?: number;
  idTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  jwks?: { keys: Record<string, unknown>[] };
  jwksUri?: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export class InvalidApplicationError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

/** RFC 8628: devices without a browser (CLIs, TVs); the user signs in on another device. */
const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';

const isConfidential = (kind: ApplicationKind) => kind === 'web' || kind === 'm2m';

/** Fills in what the kind implies, so a minimal registration is a secure one. */
function resolve(
  s: ApplicationSettings,
): Omit<
  Application,
  'applicationId' | 'tenantId' | 'secrets' | 'status' | 'version' | 'createdAt' | 'updatedAt'
> {
  const confidential = isConfidential(s.kind);
  const interactive = s.kind !== 'm2m';
  return {
    name: s.name,
    kind: s.kind,
    confidential,
    firstParty: s.firstParty ?? true,
    redirectUris: s.redirectUris ?? [],
    postLogoutRedirectUris: s.postLogoutRedirectUris ?? [],
    ...(s.backchannelLogoutUri ? { backchannelLogoutUri: s.backchannelLogoutUri } : {}),
    backchannelLogoutSessionRequired: s.backchannelLogoutSessionRequired ?? false,
    // Always set, so a replacement (PUT) that leaves it out turns the requirement off.
    requirePushedAuthorizationRequests: s.requirePushedAuthorizationRequests ?? false,
    grantTypes:
      s.grantTypes ?? (interactive ? ['authorization_code', 'refresh_token'] : ['client_credentials']),
    scopes: s.scopes ?? (interactive ? ['openid', 'profile', 'email', 'offline_access'] : []),
    tokenEndpointAuthMethod: s.tokenEndpointAuthMethod ?? (confidential ? 'client_secret_basic' : 'none'),
    // RS256 for ID tokens: OpenID Connect's mandatory-to-implement default; ES256 for access tokens: cheaper to sign.
    idTokenSigningAlg: s.idTokenSigningAlg ?? 'RS256',
    accessTokenSigningAlg: s.accessTokenSigningAlg ?? 'ES256',
    accessTokenTtlSeconds: s.accessTokenTtlSeconds ?? 600,
    idTokenTtlSeconds: s.idTokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: s.refreshTokenTtlSeconds ?? 30 * 86400,
    ...(s.jwks ? { jwks: s.jwks } : {}),
    ...(s.jwksUri ? { jwksUri: s.jwksUri } : {}),
  };
}

/**
 * Where the region may call the application server to server (the back-channel logout URI): the
 * deployment's webhook receiver rules, since both are POSTs from our network (SSRF).
 */
export interface ApplicationRules {
  receivers: ReceiverScope;
}

const PUBLIC_RECEIVERS: ApplicationRules = { receivers: 'public' };

/** Every rule an application must satisfy, each failure naming its field. */
export function applicationProblems(
  app: ReturnType<typeof resolve>,
  rules: ApplicationRules = PUBLIC_RECEIVERS,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field: `body.${field}`, message });
  const grants = new Set(app.grantTypes);
  if (grants.has('client_credentials') && !app.confidential)
    add('grantTypes', 'client_credentials needs a confidential application (web or m2m)');
  if (
    app.kind === 'm2m' &&
    (grants.has('authorization_code') || grants.has('refresh_token') || grants.has(DEVICE_CODE))
  )
    add('grantTypes', 'machine-to-machine applications use client_credentials only');
  // Refresh tokens are issued only to a user's grant: the code or the device flow (RFC 8628 section 3.5).
  if (grants.has('refresh_token') && !grants.has('authorization_code') && !grants.has(DEVICE_CODE))
    add('grantTypes', 'refresh_token needs authorization_code or the device_code grant');
  if (grants.has('authorization_code') && app.redirectUris.length === 0)
    add('redirectUris', 'at least one redirect URI is required for authorization_code');
  app.redirectUris.forEach((uri, i) => {
    const problem = redirectUriProblem(uri, app.kind);
    if (problem) add(`redirectUris.${i}`, problem);
  });
  app.postLogoutRedirectUris.forEach((uri, i) => {
    const problem = redirectUriProblem(uri, app.kind);
    if (problem) add(`postLogoutRedirectUris.${i}`, problem);
  });
  // https://openid.net/specs/openid-connect-backchannel-1_0.html#BCRegistration: an absolute URI
  // that MUST NOT include a fragment; https unless the deployment admits local receivers.
  const backchannel =
    app.backchannelLogoutUri && webhookUrlProblem(app.backchannelLogoutUri, rules.receivers);
  if (backchannel) add('backchannelLogoutUri', backchannel);
  if (app.confidential && app.tokenEndpointAuthMethod === 'none')
    add('tokenEndpointAuthMethod', 'confidential applications must authenticate');
  if (!app.confidential && app.tokenEndpointAuthMethod !== 'none')
    add(
      'tokenEndpointAuthMethod',
      'public applications (spa, native) cannot keep a secret: use none with PKCE',
    );
  if (app.tokenEndpointAuthMethod === 'private_key_jwt' && !app.jwks === !app.jwksUri)
    add('jwks', 'private_key_jwt needs exactly one of jwks or jwksUri');
  if (app.jwksUri && !app.jwksUri.startsWith('https://')) add('jwksUri', 'must use https');
  app.scopes.forEach((scope, i) => {
    // RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    if (!/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope)) add(`scopes.${i}`, 'is not a valid scope token');
  });
  return problems;
}

const usesSecret = (method: ClientAuthMethod) =>
  method === 'client_secret_basic' || method === 'client_secret_post';

function newSecret(now: Date, chosen?: string): { plain: string; stored: StoredSecret } {
  const plain = chosen ?? generateSecret();
  return { plain, stored: { id: randomUUID(), sha256: hashSecret(plain), createdAt: now } };
}

export function toSnapshot(app: Application, now: Date): Snapshot {
  const { secrets, createdAt: _c, updatedAt: _u, ...rest } = app;
  return {
    ...rest,
    secretVerifiers: secrets
      .filter((s) => !s.expiresAt || s.expiresAt > now)
      .map((s) => ({
        id: s.id,
        sha256: s.sha256,
        ...(s.expiresAt ? { expiresAt: s.expiresAt.toISOString() } : {}),
      })),
  };
}

function changed(app: Application, now: Date): CloudEvent {
  return ApplicationChangedV1.create(app.applicationId, toSnapshot(app, now), {
    source: MANAGEMENT_SOURCE,
    tenantId: app.tenantId,
    now,
  });
}

export interface ApplicationResult {
  application: Application;
  /** The plain client secret, present only when one was just made: shown once, never stored. */
  clientSecret?: string;
  events: CloudEvent[];
}

export interface RegistrationOverrides {
  /** Well-known ids, such as the bootstrap operator client's. */
  applicationId?: string;
  /** A secret chosen by the operator (from the environment) instead of a generated one. */
  clientSecret?: string;
}

export function registerApplication(
  tenantId: string,
  settings: ApplicationSettings,
  now: Date,
  overrides: RegistrationOverrides = {},
  rules: ApplicationRules = PUBLIC_RECEIVERS,
): ApplicationResult {
  const resolved = resolve(settings);
  const problems = applicationProblems(resolved, rules);
  if (problems.length > 0) throw new InvalidApplicationError(problems);
  const secret =
    resolved.confidential && usesSecret(resolved.tokenEndpointAuthMethod)
      ? newSecret(now, overrides.clientSecret)
      : undefined;
  const application: Application = {
    ...resolved,
    applicationId: overrides.applicationId ?? randomUUID(),
    tenantId,
    secrets: secret ? [secret.stored] : [],
    status: 'active',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return {
    application,
    ...(secret ? { clientSecret: secret.plain } : {}),
    events: [changed(application, now)],
  };
}

/** Replaces the settings (PUT semantics); the kind cannot change, secrets stay. */
export function reconfigureApplication(
  app: Application,
  settings: ApplicationSettings,
  now: Date,
  rules: ApplicationRules = PUBLIC_RECEIVERS,
): ApplicationResult {
  if (settings.kind !== app.kind)
    throw new InvalidApplicationError([
      { field: 'body.kind', message: 'cannot change; register a new application' },
    ]);
  const resolved = resolve(settings);
  const problems = applicationProblems(resolved, rules);
  if (problems.length > 0) throw new InvalidApplicationError(problems);
  // PUT semantics: a back-channel logout URI left out of the settings is removed, not kept.
  const { backchannelLogoutUri: _previous, ...kept } = app;
  const application: Application = { ...kept, ...resolved, version: app.version + 1, updatedAt: now };
  return { application, events: [changed(application, now)] };
}

/**
 * A new secret; the ones before it keep working for `overlapSeconds` so clients can be
 * redeployed without downtime. Secrets already past their window are dropped.
 */
export function rotateSecret(app: Application, overlapSeconds: number, now: Date): ApplicationResult {
  if (!app.confidential || !usesSecret(app.tokenEndpointAuthMethod))
    throw new InvalidApplicationError([
      { field: 'body', message: 'this application does not use a client secret' },
    ]);
  const until = new Date(now.getTime() + overlapSeconds * 1000);
  const kept = app.secrets
    .filter((s) => !s.expiresAt || s.expiresAt > now)
    .map((s) => ({ ...s, expiresAt: s.expiresAt && s.expiresAt < until ? s.expiresAt : until }));
  const secret = newSecret(now);
  const application: Application = {
    ...app,
    secrets: [...kept, secret.stored],
    version: app.version + 1,
    updatedAt: now,
  };
  return { application, clientSecret: secret.plain, events: [changed(application, now)] };
}

export function deleteApplication(app: Application, now: Date): ApplicationResult {
  const application: Application = {
    ...app,
    status: 'deleted',
    secrets: [],
    version: app.version + 1,
    updatedAt: now,
  };
  return { application, events: [changed(application, now)] };
}
