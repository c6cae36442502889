import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { errorHighlights, isAlive, livePid, portAnswers, tailOf } from './process';

describe('process helpers', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-proc-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('tells live pids from dead ones', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(2 ** 22 + 1)).toBe(false);
  });

  it('keeps a pid file of a live matching process and removes a stale one', () => {
    const pidFile = path.join(dir, 'x.pid');
    fs.writeFileSync(pidFile, `${process.pid}\n`);
    expect(livePid(pidFile, 'node')).toBe(process.pid);
    expect(livePid(pidFile, 'no-such-command-line-marker')).toBeUndefined(); // pid reused by someone else
    expect(fs.existsSync(pidFile)).toBe(false);
    fs.writeFileSync(pidFile, 'garbage');
    expect(livePid(pidFile, 'node')).toBeUndefined();
    expect(fs.existsSync(pidFile)).toBe(false);
  });

  it('probes whether a TCP port answers', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    expect(await portAnswers('127.0.0.1', port)).toBe(true);
    await new Promise<void>((r) => server.close(() => r()));
    expect(await portAnswers('127.0.0.1', port)).toBe(false);
  });

  it('quotes the end and the errors of a log', () => {
    const log = path.join(dir, 'x.log');
    fs.writeFileSync(
      log,
      [
        '[t] INFO starting',
        '[t] ERROR boom',
        'Caused by: java.net.BindException: in use',
        '[t] INFO bye',
      ].join('\n'),
    );
    expect(tailOf(log, 1)).toBe('[t] INFO bye');
    expect(errorHighlights(log)).toBe('[t] ERROR boom\nCaused by: java.net.BindException: in use');
    expect(tailOf(path.join(dir, 'missing.log'))).toBe('(no log written)');
  });
});
