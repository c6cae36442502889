import { exportJWK, generateKeyPair, importJWK, jwtVerify, type KeyLike } from 'jose';
import { signCompactJwt } from './compact-jwt';
import type { SigningAlg } from './signing-key';

describe('a compact JWT we sign', () => {
  it.each<SigningAlg>(['ES256', 'RS256', 'EdDSA'])(
    'verifies with jose as %s, header and claims intact',
    async (alg) => {
      const { publicKey, privateKey } = await generateKeyPair(alg, {
        crv: alg === 'EdDSA' ? 'Ed25519' : undefined,
      });
      const token = await signCompactJwt(
        { alg, kid: 'k1', typ: 'at+jwt' },
        {
          iss: 'https://issuer.test/t/a',
          aud: 'api',
          sub: 'ü-user',
          exp: Math.floor(Date.now() / 1000) + 60,
        },
        { alg, kid: 'k1', privateKey: privateKey as KeyLike },
      );
      const publicJwk = await exportJWK(publicKey);
      const { payload, protectedHeader } = await jwtVerify(token, await importJWK(publicJwk, alg), {
        issuer: 'https://issuer.test/t/a',
        audience: 'api',
        typ: 'at+jwt',
      });
      expect(protectedHeader).toEqual({ alg, kid: 'k1', typ: 'at+jwt' });
      expect(payload.sub).toBe('ü-user');
    },
  );

  it('refuses a symmetric key rather than signing with it', async () => {
    await expect(
      signCompactJwt(
        { alg: 'ES256', kid: 'k', typ: 'JWT' },
        {},
        { alg: 'ES256', kid: 'k', privateKey: new Uint8Array(32) },
      ),
    ).rejects.toThrow(/not an asymmetric key/);
  });
});
