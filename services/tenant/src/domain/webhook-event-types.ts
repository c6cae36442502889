import { isEventTypePattern, matchesEventType } from '@idaas/events';

/**
 * Why one event-type filter of a subscription is refused, given the types of the published
 * catalog. A pattern must match something today, so a typo such as `idaas.usr.*` is caught
 * at once rather than silently delivering nothing.
 */
export function eventTypeFilterProblem(filter: string, published: readonly string[]): string | undefined {
  if (isEventTypePattern(filter)) {
    if (filter === '.*' || !published.some((type) => matchesEventType([filter], type)))
      return 'matches no published event type';
    return undefined;
  }
  return published.includes(filter) ? undefined : 'is not a published event type';
}
