import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver saw it. */
export interface Received {
  webhookId: string;
  timestamp: number;
  eventId: string;
  subject: string;
  type: string;
  contentType: string;
  signatureValid: boolean;
  answered: number;
  /** When the request arrived (its answer may come much later). */
  arrivedAt: number;
}

/**
 * A webhook receiver that verifies every Standard Webhooks signature itself (not with the code
 * under test). `answer` decides each response; it may also hold the request for a while.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Requests that arrived, answered or not yet. */
  arrived = 0;
  answer: (r: Omit<Received, 'answered' | 'arrivedAt'>) => number | Promise<number> = () => 204;
  private server: Server | undefined;
  port = 0;

  constructor(private readonly secret: () => string | undefined) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** The requests answered with a 2xx. */
  accepted(): Received[] {
    return this.received.filter((r) => r.answered >= 200 && r.answered < 300);
  }

  /** Listens (again) on its port; the first call picks a free one. */
  async up(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then((status) => {
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }

  private async handle(req: IncomingMessage): Promise<number> {
    this.arrived++;
    const arrivedAt = Date.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const webhookId = String(req.headers['webhook-id'] ?? '');
    const timestamp = Number(req.headers['webhook-timestamp']);
    const signatures = String(req.headers['webhook-signature'] ?? '').split(' ');
    const secret = this.secret() ?? '';
    const expected = `v1,${createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64'))
      .update(`${webhookId}.${timestamp}.${body}`)
      .digest('base64')}`;
    const event = JSON.parse(body) as { id: string; subject: string; type: string };
    const seen = {
      webhookId,
      timestamp,
      eventId: event.id,
      subject: event.subject,
      type: event.type,
      contentType: String(req.headers['content-type']),
      signatureValid: signatures.includes(expected) && Math.abs(Date.now() / 1000 - timestamp) < 300,
    };
    const answered = await this.answer(seen);
    this.received.push({ ...seen, answered, arrivedAt });
    return answered;
  }
}
