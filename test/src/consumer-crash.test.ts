import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';
import { backboneFor } from './support/backbone';
import { appliedEventIds } from './support/counting';
import { uniqueRegion } from './support/names';
import { AGGREGATES, registerUser } from './support/user-events';
import { eventually } from './support/wait';

const FIXTURE = path.join(__dirname, 'fixtures', 'counting-consumer.ts');

function startConsumer(region: string, database: string): ChildProcess {
  // tsx as a loader of this very process: the tsx CLI would run the script in a grandchild that
  // SIGKILL on the CLI leaves running.
  return spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, REGION: region, MONGODB_DATABASE: database },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function consuming(child: ChildProcess): Promise<void> {
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  if (!line.toString().includes('consuming')) throw new Error(`unexpected output ${line.toString()}`);
}

describe('consumer killed mid-batch', () => {
  const region = uniqueRegion('kill');
  const database = `crash_${region}`;
  let backbone: Awaited<ReturnType<typeof backboneFor>>;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    backbone = await backboneFor(region, database, [AGGREGATES]);
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await backbone?.close();
  });

  it('loses no event and applies none twice after SIGKILL and restart', async () => {
    const { db } = backbone;
    const written: string[] = [];
    for (let i = 0; i < 600; i += 50) {
      written.push(
        ...(await Promise.all(
          Array.from({ length: 50 }, (_, k) => registerUser(db, region, `user-${(i + k) % 40}`)),
        )),
      );
    }

    child = startConsumer(region, database);
    await consuming(child);
    await eventually(async () => (await appliedEventIds(db)).length >= 100, { what: 'the first effects' });
    child.kill('SIGKILL');
    await once(child, 'exit');
    const atKill = (await appliedEventIds(db)).length;
    expect(atKill).toBeLessThan(600); // it really died mid-stream

    child = startConsumer(region, database);
    await consuming(child);
    const applied = await eventually(
      async () => {
        const ids = await appliedEventIds(db);
        return ids.length >= 600 ? ids : undefined;
      },
      { timeoutMs: 120000, intervalMs: 500, what: 'all 600 effects after restart' },
    );
    expect(new Set(applied).size).toBe(applied.length);
    expect(new Set(applied)).toEqual(new Set(written));
  });
});
