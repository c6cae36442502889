import { exportJWK, generateKeyPair, type JWK } from 'jose';

export type SigningAlg = 'RS256' | 'ES256' | 'EdDSA';

export interface NewSigningKey {
  kid: string;
  alg: SigningAlg;
  publicJwk: JWK;
  privateJwk: JWK;
}

/** `kid` names region, tenant, algorithm and generation, so an operator can read where a token came from. */
export function keyId(region: string, tenantSlug: string, alg: SigningAlg, generation: number): string {
  return `${region}.${tenantSlug}.${alg.toLowerCase()}.${generation}`;
}

export async function makeSigningKey(kid: string, alg: SigningAlg): Promise<NewSigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'RS256' ? { modulusLength: 2048 } : {}),
  });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg };
  return { kid, alg, publicJwk, privateJwk };
}
