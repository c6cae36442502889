import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '@idaas/telemetry';

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
        const fields = { kafka: rest.namespace ?? rest.logger, broker: rest.broker, error: rest.error };
        if (level <= logLevel.ERROR) logger.error(fields, message);
        else logger.warn(fields, message);
      },
  });
}
