import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { inboxPage, messagePage } from './inbox-page';
import { MailboxStore, type ReceivedMessage } from './mailbox-store';

export interface MailboxOptions {
  /** 0 picks a free port (tests); the local stack uses 2525. */
  smtpPort?: number;
  /** 0 picks a free port (tests); the local stack uses 8025. */
  httpPort?: number;
  /** Loopback only: the mailbox accepts mail from anyone who can reach it, unauthenticated. */
  host?: string;
}

export interface RunningMailbox {
  smtpPort: number;
  httpPort: number;
  /** `smtp://127.0.0.1:<port>`, ready for SMTP_URL. */
  smtpUrl: string;
  /** The web inbox and JSON API base. */
  httpUrl: string;
  store: MailboxStore;
  close(): Promise<void>;
}

/** Raw header lines (`Message-ID: <...>`) to a name -> value map; a repeated header keeps its first value. */
function headerMap(parsed: ParsedMail): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    if (out[key] !== undefined) continue;
    out[key] = line.slice(line.indexOf(':') + 1).trim();
  }
  return out;
}

function envelopeAddress(a: SMTPServerAddress | false): string {
  return a ? a.address : '';
}

/**
 * A real SMTP receiver with a web and JSON inbox, for the local stack and the end-to-end suites:
 * services send through their ordinary SMTP transport, and people (or tests) read what arrived.
 * No TLS and no authentication, which is why it listens on loopback only.
 */
export async function startMailbox(options: MailboxOptions = {}): Promise<RunningMailbox> {
  const host = options.host ?? '127.0.0.1';
  const store = new MailboxStore();

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    banner: 'IDaaS local mailbox',
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          store.add({
            from: envelopeAddress(session.envelope.mailFrom) || (parsed.from?.text ?? ''),
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: parsed.html || '',
            headers: headerMap(parsed),
            messageId: parsed.messageId ?? '',
          });
          callback();
        })
        .catch((e: unknown) => callback(e instanceof Error ? e : new Error(String(e))));
    },
  });
  const smtpServer = await new Promise<ReturnType<SMTPServer['listen']>>((resolve, reject) => {
    smtp.once('error', reject);
    const s = smtp.listen(options.smtpPort ?? 2525, host, () => resolve(s));
  });

  const web = http.createServer((req, res) => {
    try {
      route(store, req, res);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(e instanceof Error ? e.message : 'error');
    }
  });
  await new Promise<void>((resolve, reject) => {
    web.once('error', reject);
    web.listen(options.httpPort ?? 8025, host, () => resolve());
  });

  const smtpPort = (smtpServer.address() as AddressInfo).port;
  const httpPort = (web.address() as AddressInfo).port;
  return {
    smtpPort,
    httpPort,
    smtpUrl: `smtp://${host}:${smtpPort}`,
    httpUrl: `http://${host}:${httpPort}`,
    store,
    close: async () => {
      web.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => web.close(() => resolve())),
        new Promise<void>((resolve) => smtp.close(() => resolve())),
      ]);
    },
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function html(res: http.ServerResponse, status: number, body: string): void {
  res
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      // The page shows untrusted mail; no script of any origin runs on it.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; img-src *",
    })
    .end(body);
}

function route(store: MailboxStore, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://mailbox');
  const method = req.method ?? 'GET';
  const one = /^\/(api\/)?messages\/([^/]+)$/.exec(url.pathname);
  if (method === 'GET' && url.pathname === '/api/messages') {
    return json(res, 200, store.list(url.searchParams.get('to') ?? undefined));
  }
  if (method === 'DELETE' && url.pathname === '/api/messages') {
    store.clear();
    res.writeHead(204).end();
    return;
  }
  if (method === 'GET' && one) {
    const message: ReceivedMessage | undefined = store.get(decodeURIComponent(one[2] ?? ''));
    if (one[1]) return message ? json(res, 200, message) : json(res, 404, { title: 'No such message' });
    return message ? html(res, 200, messagePage(message)) : html(res, 404, 'No such message');
  }
  if (method === 'GET' && url.pathname === '/') return html(res, 200, inboxPage(store.list()));
  json(res, 404, { title: 'Not found' });
}
