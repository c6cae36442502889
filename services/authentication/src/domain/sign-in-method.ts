import type { SignInMethod } from '@idaas/events';

/**
 * The first factor of a completed sign-in, read from the RFC 8176 `amr` it got: a password
 * (`pwd`, with or without a second factor or a remembered browser), else a passkey alone (`hwk`
 * or `swk`). Every sign-in the hosted pages finish is one of these; anything else is a new way in
 * that must be named in `idaas.user.signin.succeeded.v2` first, so it fails here rather than
 * being published under a wrong method.
 */
export function signInMethodOf(amr: readonly string[]): SignInMethod {
  if (amr.includes('pwd')) return 'password';
  if (amr.includes('hwk') || amr.includes('swk')) return 'passkey';
  throw new Error(`no known sign-in method in amr [${amr.join(', ')}]`);
}
