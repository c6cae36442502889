/**
 * Every topic name in one place. Config events are global (one management plane, every region
 * replicates them); data-plane events stay in their region's topics (data residency).
 */
export type Stream = 'config' | 'keys' | 'user' | 'auth' | 'notify';

export const Topics = {
  config: 'idaas.config.v1',
  /** Public signing keys published by each region's key manager, for the aggregated JWKS. */
  keys: 'idaas.keys.v1',
  deadLetter: 'idaas.deadletter.v1',
  user: (region: string) => `idaas.${region}.user.v1`,
  auth: (region: string) => `idaas.${region}.auth.v1`,
  /** Internal message requests (sealed codes and links) for the region's notification service; never webhooks. */
  notify: (region: string) => `idaas.${region}.notify.v1`,
} as const;

export function topicFor(stream: Stream, region: string | undefined): string {
  if (stream === 'config') return Topics.config;
  if (stream === 'keys') return Topics.keys;
  if (!region) throw new Error(`a region is required to publish ${stream} events`);
  if (stream === 'notify') return Topics.notify(region);
  return stream === 'user' ? Topics.user(region) : Topics.auth(region);
}
