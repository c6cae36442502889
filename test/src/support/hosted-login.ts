import { cookiePair, fetchPage, loginFlowOf, readForm, type PageResponse } from './hosted-pages';

/** What a browser holds after the login form post: the answer, and the SSO session cookie if one was set. */
export interface SignedIn {
  /** The answer to the form post: a 303 to the client (or to consent), or the login page again. */
  response: PageResponse;
  /** `idaas_session=...`, ready for a Cookie header; undefined when no session started. */
  sessionCookie: string | undefined;
}

export const SESSION_COOKIE_NAME = 'idaas_session';

/** The SSO session cookie a response set, as a Cookie header value. */
export const sessionCookieOf = (res: PageResponse): string | undefined => {
  const set = res.cookies.find((c) => c.startsWith(`${SESSION_COOKIE_NAME}=`));
  return set ? cookiePair(set) : undefined;
};

/**
 * The hosted login as a browser without JavaScript does it: GET the authorization URL, which
 * answers with the login page itself, read the form's action (`/login?flow=ID`) and hidden
 * fields (the CSRF token) from the HTML, and POST email and password. The answer's redirect is not followed, so the client's
 * redirect URI is never fetched: the caller reads the code from its Location. `browser` is what
 * the browser sends with every request: its cookies, its User-Agent, what a proxy in front adds.
 */
export async function signInThroughPages(
  authorizeUrl: string,
  credentials: { email: string; password: string },
  browser: Record<string, string> = {},
): Promise<SignedIn> {
  const page = await fetchPage(authorizeUrl, { headers: browser });
  if (!loginFlowOf(page))
    throw new Error(
      `authorize did not answer with the login page: ${page.status} ${page.location}\n${page.text}`,
    );
  const form = readForm(page.text);
  const response = await fetchPage(form.action, {
    method: 'POST',
    headers: { ...browser, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form.hidden, ...credentials }),
  });
  return { response, sessionCookie: sessionCookieOf(response) };
}
