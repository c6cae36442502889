import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { driveLoad } from './load';

describe('driveLoad', () => {
  let server: http.Server;
  let url: string;
  const bodies: string[] = [];
  const sockets = new Set<unknown>();

  beforeAll(async () => {
    // Answers 200 to the first ten requests, 401 afterwards; remembers what it was sent.
    let served = 0;
    server = http.createServer((req, res) => {
      sockets.add(req.socket);
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(`${req.method} ${req.url} ${req.headers.authorization} ${body}`);
        res.writeHead(++served <= 10 ? 200 : 401).end('{}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((r) => server.close(r)));

  it('counts only 200 answers as done, the rest as failures, over keep-alive connections', async () => {
    const result = await driveLoad(
      url,
      { method: 'POST', path: '/token', headers: { authorization: 'Basic abc' }, body: 'grant_type=x' },
      { concurrency: 4, seconds: 0.3 },
    );
    expect(bodies[0]).toBe('POST /token Basic abc grant_type=x');
    expect(result.failures).toBe(bodies.length - 10);
    expect(result.failures).toBeGreaterThan(0);
    // Ten successes in a little over 0.3 s: the rate counts successes only, per second of the run.
    expect(result.requestsPerSecond).toBeLessThanOrEqual(10 / 0.3);
    expect(result.requestsPerSecond).toBeGreaterThan(10 / 1);
    // Connections are reused: at most one socket per concurrent request.
    expect(sockets.size).toBeLessThanOrEqual(4);
  });
});
