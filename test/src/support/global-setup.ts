import { ensureInfra } from '@idaas/infra-local';

/** Provisions (first run) and starts the local stack, then points every suite at it. */
export default async function globalSetup(): Promise<void> {
  const infra = await ensureInfra({ log: (m) => process.stderr.write(`${m}\n`) });
  process.env.KAFKA_BROKERS = infra.kafkaBrokers.join(',');
  process.env.MONGODB_URI = infra.mongodbUri;
  process.env.LOG_LEVEL ??= 'warn';
}
