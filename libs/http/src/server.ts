import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from '@idaas/telemetry';

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  /** Stop accepting, let in-flight requests finish, then run the shutdown hooks in order. */
  close(): Promise<void>;
}

export interface ListenOptions {
  port: number;
  host?: string;
  logger: Logger;
  /** Run after the server stopped accepting: flush the outbox, stop consumers, close clients. */
  onShutdown?: (() => Promise<void>)[];
  /** Exit on SIGTERM / SIGINT after shutting down; true for real processes, false in tests. */
  handleSignals?: boolean;
}

export async function listen(app: Express, options: ListenOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  server.keepAliveTimeout = 5000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // In-flight requests get a grace period; then lingering keep-alive sockets are cut.
      const grace = setTimeout(() => server.closeAllConnections(), 10000);
      await stopped;
      clearTimeout(grace);
      for (const hook of options.onShutdown ?? []) {
        try {
          await hook();
        } catch (err) {
          options.logger.error({ err }, 'shutdown step failed');
        }
      }
    })();
    return closing;
  };
  if (options.handleSignals) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        options.logger.info({ signal }, 'shutting down');
        void close().then(() => process.exit(0));
      });
    }
  }
  return { server, port, url: `http://${host}:${port}`, close };
}
