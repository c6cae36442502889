import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A native app's redirect endpoint in the browser suites: where the code lands, and how to stop it. */
export interface LoopbackClient {
  callbackUrl: string;
  close(): Promise<void>;
}

/**
 * The client's redirect endpoint: a native app's loopback listener (RFC 8252 section 7.3) on a
 * free port, answering a small page so the browser has somewhere to land with the code.
 */
export async function loopbackClient(): Promise<LoopbackClient> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Client</title><p>Signed in.</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    callbackUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
