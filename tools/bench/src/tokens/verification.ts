import { performance } from 'node:perf_hooks';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { median } from '../stats';
import { basicAuth, type Client, type TokenStack } from './token-stack';

export interface VerificationRates {
  es256Local: number[];
  rs256Local: number[];
  es256Remote: number[];
}

async function accessToken(stack: TokenStack, client: Client): Promise<string> {
  const res = await fetch(`${stack.issuer}/oauth2/token`, {
    method: 'POST',
    headers: { authorization: basicAuth(client), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (res.status !== 200) throw new Error(`client_credentials answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/**
 * What a resource server pays per request to check one of our access tokens: signature, iss,
 * aud, exp and typ, with the JWKS fetched once. A tight loop on this process's one JS thread.
 */
async function verifyRate(
  token: string,
  keys: JWTVerifyGetKey,
  issuer: string,
  seconds: number,
): Promise<number> {
  const { aud } = decodeJwt(token);
  const options = { issuer, audience: aud, typ: 'at+jwt' };
  await jwtVerify(token, keys, options); // Fails loudly before measuring if the token does not verify.
  let done = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 100; i++) await jwtVerify(token, keys, options);
    done += 100;
  }
  return done / ((performance.now() - started) / 1000);
}

export async function verificationRates(
  stack: TokenStack,
  { rounds, seconds }: { rounds: number; seconds: number },
  log: (m: string) => void,
): Promise<VerificationRates> {
  const jwksUrl = new URL(`${stack.issuer}/.well-known/jwks.json`);
  const es256 = await accessToken(stack, stack.es256);
  const rs256 = await accessToken(stack, stack.rs256);
  const local = createLocalJWKSet((await (await fetch(jwksUrl)).json()) as JSONWebKeySet);
  // The remote set fetches once and then answers from its cache (10 minutes by default).
  const remote = createRemoteJWKSet(jwksUrl);
  const rates: VerificationRates = { es256Local: [], rs256Local: [], es256Remote: [] };
  for (let round = 1; round <= rounds; round++) {
    rates.es256Local.push(await verifyRate(es256, local, stack.issuer, seconds));
    rates.rs256Local.push(await verifyRate(rs256, local, stack.issuer, seconds));
    rates.es256Remote.push(await verifyRate(es256, remote, stack.issuer, seconds));
    log(
      `verification round ${round}/${rounds}: ES256 ${rates.es256Local.at(-1)!.toFixed(0)}/s, RS256 ${rates.rs256Local.at(-1)!.toFixed(0)}/s`,
    );
  }
  log(`verification medians: ES256 ${median(rates.es256Local).toFixed(0)}/s`);
  return rates;
}
