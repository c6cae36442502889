import { main as startRegistration } from '@idaas/registration-service';
import { env } from './names';

export type RunningRegistration = Awaited<ReturnType<typeof startRegistration>>;

/**
 * A region's registration service for one suite: the suite's topics, and the message sealing key
 * its notification service must share to read the codes; `extra` for links and ports.
 */
export const startRegionRegistration = (
  region: string,
  database: string,
  sealingKey: string,
  extra: Record<string, string> = {},
): Promise<RunningRegistration> =>
  startRegistration({
    env: env({
      REGION: region,
      REGIONS: region,
      KAFKA_TOPIC_PREFIX: `${database}.`,
      MESSAGE_SEALING_KEY: sealingKey,
      ...extra,
    }),
  });
