import { createServer, type AddressInfo } from 'node:net';

/**
 * A port free right now, so a service can be told where another one will listen (its public
 * URL, the sign-up page it links to) before that one starts.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
