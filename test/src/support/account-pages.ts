import type { MongoClient } from 'mongodb';
import { fetchPage, postForm, readForm } from './hosted-pages';
import type { startStack } from './stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

/** One tenant's account pages in a region (`/t/{slug}/account...`), as a browser without JavaScript uses them. */
export function accountPagesOf(authenticationUrl: string, slug: string) {
  const url = (path = '') => `${authenticationUrl}/t/${slug}/account${path}`;
  const overview = (session: string) => fetchPage(url(), { headers: { cookie: session } });
  /** The CSRF token of the overview's forms (showing the overview replaces the session's token). */
  const csrfOf = async (session: string) => readForm((await overview(session)).text).hidden.csrf_token!;
  return {
    url,
    overview,
    csrfOf,
    /** A form of the account pages posted with `fields`, and the session's CSRF token unless they carry one. */
    change: async (path: string, session: string, fields: Record<string, string> = {}) =>
      postForm(url(path), { csrf_token: fields.csrf_token ?? (await csrfOf(session)), ...fields }, session),
  };
}

/** The second factors a user holds, as the region's admin API lists them. */
export async function heldMethods(
  stack: Pick<Stack, 'authentication' | 'operatorToken'>,
  region: string,
  tenantId: string,
  userId: string,
): Promise<string[]> {
  const res = await fetch(
    `${stack.authentication[region]!.url}/admin/tenants/${tenantId}/users/${userId}/mfa`,
    {
      headers: { authorization: `Bearer ${stack.operatorToken}` },
    },
  );
  return ((await res.json()) as { enrolments: { method: string }[] }).enrolments.map((e) => e.method);
}

/** The stack has no settable clock: the sign-in of every session of the user moves back instead. */
export async function backdateSignIns(
  mongo: MongoClient,
  region: string,
  tenantId: string,
  userId: string,
  minutes: number,
): Promise<void> {
  await mongo
    .db(`idaas_${region}_authentication`)
    .collection('sessions')
    .updateMany({ tenantId, userId }, { $set: { authTime: new Date(Date.now() - minutes * 60_000) } });
}
