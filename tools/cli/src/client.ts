import { describeRefusal } from './problem';

export interface CliEnv {
  /** The management plane, e.g. http://127.0.0.1:4000. */
  managementUrl: string;
  /** A region's authentication service that issues the token, e.g. http://127.0.0.1:4100. */
  regionUrl: string;
  /** The tenant region's authentication service, for what lives there (users' second factors). */
  authenticationUrl: string;
  /** The tenant region's lifecycle service, for users' lifecycle, SCIM and imports. */
  lifecycleUrl: string;
  /** The tenant region's notification service, for webhook deliveries and dead letters; no default. */
  notificationUrl: string | undefined;
  /** Tenant slug of the client (system for platform operators). */
  clientTenant: string;
  clientId: string;
  clientSecret: string;
}

export class CliError extends Error {}

/** client_credentials for the admin API audience, as any admin tool would. */
export async function adminToken(env: CliEnv): Promise<string> {
  const res = await fetch(`${env.regionUrl}/t/${env.clientTenant}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(env.clientId)}:${encodeURIComponent(env.clientSecret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: 'urn:idaas:management' }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!res.ok || !body.access_token) {
    throw new CliError(
      `could not get a token: ${body.error ?? res.status} ${body.error_description ?? ''}`.trim(),
    );
  }
  return body.access_token;
}

/** The answer's JSON; a proxy's HTML error page is no JSON, and then the raw text is what we show. */
function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** One admin API call; problem responses become a readable error. */
export async function callAdmin(
  env: CliEnv,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  baseUrl: string = env.managementUrl,
): Promise<unknown> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const parsed = parseJson(text);
  if (!res.ok) throw new CliError(describeRefusal(method, path, res.status, text, parsed));
  if (parsed === undefined && text)
    throw new CliError(`${method} ${path} answered ${res.status} without JSON: ${text}`);
  return parsed;
}
