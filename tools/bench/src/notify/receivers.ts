import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A loopback webhook receiver that records, by CloudEvent id, when each event first arrived.
 * It lives in the bench process, so arrival and produce times come from the same clock.
 */
export class BenchReceiver {
  /** First arrival of each event id (ms on this process's performance clock). */
  readonly arrivedAt = new Map<string, number>();
  requests = 0;
  private server: Server | undefined;
  private port = 0;

  /**
   * @param status what every request is answered with
   * @param delayMs how long each answer is held back
   */
  constructor(
    readonly name: string,
    readonly status: number,
    private readonly delayMs = 0,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        this.requests += 1;
        const id = eventIdOf(Buffer.concat(chunks).toString('utf8'));
        if (id && !this.arrivedAt.has(id)) this.arrivedAt.set(id, at);
        const answer = () => res.writeHead(this.status).end();
        if (this.delayMs > 0) setTimeout(answer, this.delayMs);
        else answer();
      });
    });
    // Many deliveries are in flight at once against the slow receiver; keep-alive like a real one.
    this.server.keepAliveTimeout = 30000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
}

function eventIdOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}
