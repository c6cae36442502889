/**
 * Event-type filters of webhook subscriptions: an exact type (`idaas.user.registered.v1`) or a
 * prefix pattern ending in `.*` (`idaas.user.*`), which follows new types and versions of that
 * stream without the integrator editing the subscription.
 */
export function isEventTypePattern(filter: string): boolean {
  return filter.endsWith('.*');
}

function matchesOne(filter: string, type: string): boolean {
  if (!isEventTypePattern(filter)) return filter === type;
  // Keep the dot: `idaas.user.*` must not match `idaas.username.x.v1`.
  return type.startsWith(filter.slice(0, -1));
}

/** Whether an event of this type is wanted by any of the filters. */
export function matchesEventType(filters: readonly string[], type: string): boolean {
  return filters.some((f) => matchesOne(f, type));
}
