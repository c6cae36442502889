import os from 'node:os';
import { ensureInfra } from '@idaas/infra-local';
import { configBenchmark } from './suites/config';
import { eventsBenchmark } from './suites/events';
import { mfaBenchmark } from './suites/mfa';
import { notifyBenchmark } from './suites/notify';
import { tokensBenchmark } from './suites/tokens';
import { usersBenchmark } from './suites/users';

const SUITES: Record<string, (log: (m: string) => void) => Promise<string>> = {
  events: eventsBenchmark,
  config: configBenchmark,
  tokens: tokensBenchmark,
  notify: notifyBenchmark,
  users: usersBenchmark,
  mfa: mfaBenchmark,
};

async function main(): Promise<void> {
  const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = requested.length > 0 ? requested : Object.keys(SUITES);
  const unknown = names.filter((n) => !SUITES[n]);
  if (unknown.length > 0) {
    console.error(`unknown suite(s): ${unknown.join(', ')}; available: ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }
  const infra = await ensureInfra({ log: (m) => console.error(m) });
  process.env.KAFKA_BROKERS = infra.kafkaBrokers.join(',');
  process.env.MONGODB_URI = infra.mongodbUri;
  process.env.LOG_LEVEL ??= 'error';
  console.log(
    `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), node ${process.version}\n`,
  );
  for (const name of names) {
    console.log(`## ${name}\n`);
    console.log(await SUITES[name]!((m) => console.error(`[bench:${name}] ${m}`)));
    console.log('');
  }
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
