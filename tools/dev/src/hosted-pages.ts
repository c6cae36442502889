import { createHash, randomBytes } from 'node:crypto';

/*
 * The hosted pages as a browser without JavaScript uses them (no redirects followed, cookies
 * and forms read by hand), shared by the end-to-end suites and the token benchmark.
 */

/** A response without following redirects, with the Set-Cookie values and the body as text. */
export interface PageResponse {
  status: number;
  location: string | null;
  cookies: string[];
  text: string;
  contentType: string;
}

export async function fetchPage(url: string, init: RequestInit = {}): Promise<PageResponse> {
  const res = await fetch(url, { ...init, redirect: 'manual' });
  return {
    status: res.status,
    location: res.headers.get('location'),
    cookies: res.headers.getSetCookie(),
    text: await res.text(),
    contentType: res.headers.get('content-type') ?? '',
  };
}

export const postForm = (url: string, fields: Record<string, string>, cookie?: string) =>
  fetchPage(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields),
  });

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The first form of a page: where it posts and its hidden fields, as a browser would read them. */
export function readForm(html: string): { action: string; hidden: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on the page:\n${html}`);
  const hidden: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"\s*\/?>/g)) {
    hidden[unescape(m[1]!)] = unescape(m[2]!);
  }
  return { action: unescape(action), hidden };
}

/**
 * The flow of the login page a response shows: a 200 whose first form posts to `/login?flow=ID`,
 * as the authorization endpoint answers a GET that needs a sign-in. Undefined for any other
 * answer (an error page, a redirect, a form_post response to the client).
 */
export function loginFlowOf(res: PageResponse): string | undefined {
  if (res.status !== 200) return undefined;
  const action = /<form[^>]*action="([^"]*)"/.exec(res.text)?.[1];
  return action ? /\/login\?flow=([0-9a-f-]{36})$/.exec(unescape(action))?.[1] : undefined;
}

/** `name=value` of a Set-Cookie header, ready for a Cookie header. */
export const cookiePair = (setCookie: string): string => setCookie.split(';')[0]!;

/** A PKCE verifier and its S256 challenge (RFC 7636). */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
