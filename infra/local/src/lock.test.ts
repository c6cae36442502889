import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withLock } from './lock';

describe('withLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-lock-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs critical sections one at a time and releases the lock', async () => {
    const lock = path.join(dir, 'infra.lock');
    let inside = 0;
    let maxInside = 0;
    const section = () =>
      withLock(lock, async () => {
        inside++;
        maxInside = Math.max(maxInside, inside);
        await new Promise((r) => setTimeout(r, 30));
        inside--;
      });
    await Promise.all([section(), section(), section()]);
    expect(maxInside).toBe(1);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('releases the lock when the section throws', async () => {
    const lock = path.join(dir, 'infra.lock');
    await expect(withLock(lock, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose holder died', async () => {
    const lock = path.join(dir, 'infra.lock');
    fs.mkdirSync(lock);
    const dead = { token: 't', pid: 2 ** 22 + 1, host: os.hostname(), since: '' };
    fs.writeFileSync(path.join(lock, 'owner.json'), JSON.stringify(dead));
    const messages: string[] = [];
    await expect(withLock(lock, async () => 'ran', { log: (m) => messages.push(m) })).resolves.toBe('ran');
    expect(messages.join('\n')).toContain('stale lock');
  });

  it('takes over a lock that stopped being refreshed', async () => {
    const lock = path.join(dir, 'infra.lock');
    fs.mkdirSync(lock);
    const owner = path.join(lock, 'owner.json');
    fs.writeFileSync(owner, JSON.stringify({ token: 't', pid: process.pid, host: 'elsewhere', since: '' }));
    const old = new Date(Date.now() - 10 * 60_000);
    fs.utimesSync(owner, old, old);
    await expect(withLock(lock, async () => 'ran', { staleMs: 60_000 })).resolves.toBe('ran');
  });

  it('gives up after waitMs while a live holder keeps the lock', async () => {
    const lock = path.join(dir, 'infra.lock');
    fs.mkdirSync(lock);
    fs.writeFileSync(
      path.join(lock, 'owner.json'),
      JSON.stringify({ token: 't', pid: process.pid, host: os.hostname(), since: '' }),
    );
    await expect(withLock(lock, async () => 'ran', { waitMs: 300 })).rejects.toThrow(/timed out/);
  });
});
