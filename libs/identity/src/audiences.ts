/** The audience of admin API tokens: the `resource` a client asks for to manage the platform. */
export const MANAGEMENT_AUDIENCE = 'urn:idaas:management';

/**
 * The platform's own APIs live under this URN namespace. A tenant's API may not claim an
 * audience in it, or its tokens could be mistaken for ours.
 */
export const PLATFORM_AUDIENCE_NAMESPACE = 'urn:idaas:';

/** URN schemes and namespace ids are case-insensitive (RFC 8141 section 3.1). */
export function inPlatformNamespace(audience: string): boolean {
  const lower = audience.toLowerCase();
  return lower === 'urn:idaas' || lower.startsWith(PLATFORM_AUDIENCE_NAMESPACE);
}
