import type { UserMfa } from '@idaas/identity';
import { ownEnrolment } from '../me/personal-data';

/**
 * Our SCIM schema extension for Users (RFC 7643 section 3.3): a user's second factors, read only.
 * The URN lives in this platform's `urn:idaas:` namespace, shaped like the IETF ones.
 * https://www.rfc-editor.org/rfc/rfc7643#section-3.3
 */
export const MFA_EXTENSION_SCHEMA = 'urn:idaas:params:scim:schemas:extension:mfa:2.0:User';

/** The extension's value: the same enrolment view `/me/mfa` shows its owner, never a secret. */
export type MfaExtension = {
  enrolments?: ReturnType<typeof ownEnrolment>[];
  allowedMethods?: string[];
  preferredMethod?: string;
};

/**
 * The extension for a user, or undefined when it would be empty: an unassigned attribute and an
 * empty multi-valued one are the same state (RFC 7643 section 2.5), and a resource lists in
 * `schemas` only the extensions it carries.
 */
export function mfaExtensionOf(mfa: UserMfa): MfaExtension | undefined {
  const value: MfaExtension = {
    ...(mfa.enrolments.length > 0 ? { enrolments: mfa.enrolments.map(ownEnrolment) } : {}),
    ...(mfa.allowedMethods ? { allowedMethods: [...mfa.allowedMethods] } : {}),
    ...(mfa.preferredMethod ? { preferredMethod: mfa.preferredMethod } : {}),
  };
  return Object.keys(value).length > 0 ? value : undefined;
}

/** A SCIM user with the MFA extension added under its URN, when there is anything to show. */
export function withMfaExtension<T extends { schemas: string[] }>(
  resource: T,
  mfa: UserMfa,
): T & { [MFA_EXTENSION_SCHEMA]?: MfaExtension } {
  const extension = mfaExtensionOf(mfa);
  if (!extension) return resource;
  return {
    ...resource,
    schemas: [...resource.schemas, MFA_EXTENSION_SCHEMA],
    [MFA_EXTENSION_SCHEMA]: extension,
  };
}
