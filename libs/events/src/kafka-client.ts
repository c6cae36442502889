import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '@idaas/telemetry';

/**
 * Known kafkajs notices that do not apply here: we choose the default partitioner on purpose,
 * and the relay bounds producer retries because it retries the whole batch itself (consumers
 * dedupe by event id, so a re-send after exhausted retries is harmless).
 */
const EXPECTED_NOTICES = [/switched default partitioner/, /Limiting retries for the idempotent producer/];

/** kafkajs logs through our structured logger instead of its own console format. */
export function createKafka(brokers: string[], clientId: string, logger: Logger): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...rest } = log;
        if (EXPECTED_NOTICES.some((re) => re.test(message))) return;
        const fields = { kafka: rest.namespace ?? rest.logger, broker: rest.broker, error: rest.error };
        if (level <= logLevel.ERROR) logger.error(fields, message);
        else logger.warn(fields, message);
      },
  });
}
