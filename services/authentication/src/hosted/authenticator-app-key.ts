import QRCode from 'qrcode';
import { totpUri } from '@idaas/crypto';
import type { AuthenticatorAppKey } from '../pages/authenticator-app-key-section';
import type { HostedDeps } from './deps';

/**
 * The key of the user's pending authenticator app (`beginTotp`: the same one while it is not
 * confirmed, so a QR code already scanned stays valid), labelled with the product and the
 * user's email as the app lists it. The sign-in's enrolment and the account page both show it.
 */
export async function authenticatorAppKey(
  deps: Pick<HostedDeps, 'mfa' | 'users' | 'clock'>,
  tenantId: string,
  userId: string,
  productName: string,
): Promise<AuthenticatorAppKey> {
  const [user, secret] = await Promise.all([
    deps.users.findById(tenantId, userId),
    deps.mfa.beginTotp(tenantId, userId, deps.clock()),
  ]);
  const otpauthUri = totpUri({ secret, issuer: productName, account: user?.email ?? userId });
  return {
    secret,
    otpauthUri,
    // A data URL keeps the secret on this page: no image request carries it anywhere else.
    qrDataUrl: await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 1, width: 200 }),
  };
}
