import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Db } from 'mongodb';
import { commonSettings, loadConfig, type ConfigOf, type Setting } from '@idaas/config';
import { connectEventBackbone, type EventBackbone } from '@idaas/events';
import { createApp, listen, type AnyRoute, type RunningServer } from '@idaas/http';
import { connectDatabase, ensureIndexes, type IndexDeclaration } from '@idaas/store';
import { createLogger, startTelemetry, type Logger } from '@idaas/telemetry';

type Settings = Record<string, Setting<unknown>> & typeof commonSettings;

export interface ServiceContext<S extends Settings> {
  config: ConfigOf<S>;
  logger: Logger;
  db: Db;
  events: EventBackbone;
  clock: () => Date;
  /** This process's own base URL, known once it listens (PORT=0 picks the port at start). */
  selfUrl: () => string;
}

export interface ServiceParts {
  routes: AnyRoute[];
  /** Started after the HTTP server listens; stopped (committing offsets) on shutdown. */
  start?: () => Promise<void>;
  stop?: () => Promise<void>;
}

export interface ServiceDefinition<S extends Settings> {
  name: string;
  title: string;
  settings: S;
  /** Database name from the config (per service, per region). */
  database: (config: ConfigOf<S>) => string;
  /** The region this process serves; undefined for the management plane. */
  region?: (config: ConfigOf<S>) => string;
  /** Regions whose topics must exist. */
  topicRegions: (config: ConfigOf<S>) => readonly string[];
  outboxCollections: readonly string[];
  /** Outbox collections in other databases of the same server that this service relays. */
  outboxesElsewhere?: (
    config: ConfigOf<S>,
  ) => readonly { database: string; collections: readonly string[] }[];
  indexes: readonly IndexDeclaration[];
  build: (ctx: ServiceContext<S>) => Promise<ServiceParts>;
}

export interface BootOptions {
  env?: NodeJS.ProcessEnv;
  /** Real processes exit on SIGTERM after a graceful shutdown; in-process tests do not. */
  handleSignals?: boolean;
  spanProcessors?: SpanProcessor[];
  clock?: () => Date;
}

export interface RunningService<S extends Settings> extends RunningServer {
  context: ServiceContext<S>;
}

/**
 * The start-up every service shares: configuration, telemetry, database with its indexes, the
 * event backbone, the HTTP app, then the service's own consumers. Shutdown runs in reverse:
 * stop taking requests, stop consumers (commit), flush the outbox, close the clients.
 */
export async function bootService<S extends Settings>(
  def: ServiceDefinition<S>,
  options: BootOptions = {},
): Promise<RunningService<S>> {
  const env = options.env ?? process.env;
  const bootLog = createLogger({ service: def.name, level: env.LOG_LEVEL ?? 'info' });
  const config = loadConfig(def.settings, env, { warn: (m) => bootLog.warn(m) });
  // Generic code sees the shared settings through their known types.
  const common = config as unknown as ConfigOf<typeof commonSettings>;
  const region = def.region?.(config);
  startTelemetry({ serviceName: def.name, region, spanProcessors: options.spanProcessors, env });
  const logger = createLogger({ service: def.name, region, level: common.logLevel });
  const database = await connectDatabase(common.mongodbUri, def.database(config));
  await ensureIndexes(database.db, def.indexes);
  const events = await connectEventBackbone({
    brokers: common.kafkaBrokers,
    clientId: region ? `${def.name}-${region}` : def.name,
    db: database.db,
    logger,
    outboxCollections: def.outboxCollections,
    outboxesElsewhere: (def.outboxesElsewhere?.(config) ?? []).map(({ database: name, collections }) => ({
      db: database.db.client.db(name),
      collections,
    })),
    regions: def.topicRegions(config),
    topicPrefix: common.kafkaTopicPrefix,
  });
  let selfUrl = '';
  const context: ServiceContext<S> = {
    config,
    logger,
    db: database.db,
    events,
    clock: options.clock ?? (() => new Date()),
    selfUrl: () => selfUrl,
  };
  const parts = await def.build(context);
  const app = createApp({
    service: def.name,
    info: { title: def.title, version: '0.1.0' },
    logger,
    routes: parts.routes,
    readiness: { mongodb: () => database.ping(), kafka: () => events.ping() },
  });
  const server = await listen(app, {
    port: common.port,
    logger,
    handleSignals: options.handleSignals ?? false,
    onShutdown: [async () => parts.stop?.(), () => events.close(), () => database.close()],
  });
  selfUrl = server.url;
  await parts.start?.();
  logger.info({ url: server.url, region }, `${def.name} listening`);
  return { ...server, context };
}
