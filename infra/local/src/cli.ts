import { ensureInfra, infraStatus, stopInfra, type ServerStatus } from './index';
import { layout } from './paths';

const USAGE = `usage: tsx infra/local/src/cli.ts up|down|status

  up      provision (first run downloads Kafka and mongo-java-server with Maven and compiles
          a small launcher with javac), start Kafka and the MongoDB-wire server if they are
          not running, and wait until both answer
  down    stop what 'up' started
  status  show which server runs for each service, whether it answers, its address and pid

Environment: KAFKA_BROKERS / MONGODB_URI use existing servers instead; IDAAS_KAFKA_PORT (19092),
IDAAS_MONGO_PORT (27117) and IDAAS_LOCAL_DIR (<repo>/.local) move ours; IDAAS_MONGO_SERVER=ferretdb
runs FerretDB (built with Go) instead of mongo-java-server, although FerretDB 1.x loses concurrent
updates of one document.`;

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function row(service: string, s: ServerStatus): string[] {
  return [
    service,
    s.server ?? '-',
    s.running ? 'running' : 'stopped',
    s.address,
    s.pid === undefined ? '-' : String(s.pid),
    s.managed ? 'infra/local' : 'environment',
  ];
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'up': {
      const started = Date.now();
      const infra = await ensureInfra();
      console.log(`KAFKA_BROKERS=${infra.kafkaBrokers.join(',')}`);
      console.log(`MONGODB_URI=${infra.mongodbUri}`);
      console.error(
        `[infra] up in ${((Date.now() - started) / 1000).toFixed(1)}s (logs in ${layout().logs})`,
      );
      return 0;
    }
    case 'down':
      await stopInfra();
      console.error('[infra] down');
      return 0;
    case 'status': {
      const s = await infraStatus();
      console.log(
        table([
          ['SERVICE', 'SERVER', 'STATE', 'ADDRESS', 'PID', 'FROM'],
          row('kafka', s.kafka),
          row('mongodb', s.mongodb),
        ]),
      );
      return 0;
    }
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE);
      return 0;
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
