import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { main as startAuthentication } from '@idaas/authentication-service';
import { env, uniqueRegion } from './support/names';
import { managementToken, OPERATOR_CLIENT_ID, OPERATOR_CLIENT_SECRET } from './support/stack';
import { eventually } from './support/wait';

const TSX = require.resolve('tsx/cli');
const ROOT = path.resolve(__dirname, '../..');

describe('a service as a real process', () => {
  it('refuses to start on bad configuration, naming the variable', async () => {
    const child = spawn(process.execPath, [TSX, path.join(ROOT, 'services/authentication/src/main.ts')], {
      env: env({ REGION: 'Not A Region', PORT: 'eighty' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    expect(stderr).toMatch(/PORT="eighty" is invalid/);
    expect(stderr).toMatch(/REGION="Not A Region" is invalid/);
    expect(stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('shuts down on SIGTERM after finishing its work: the outbox is flushed, exit code 0', async () => {
    const region = uniqueRegion('sig');
    const database = `mgmt_${region}`;
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, [TSX, path.join(ROOT, 'services/tenant/src/main.ts')], {
      env: env({
        PORT: String(port),
        MONGODB_DATABASE: database,
        REGIONS: region,
        OPERATOR_CLIENT_SECRET,
        KAFKA_TOPIC_PREFIX: `${database}.`,
      }),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const url = `http://127.0.0.1:${port}`;
    await eventually(async () => (await fetch(`${url}/readyz`)).ok, {
      what: 'the tenant service to be ready',
    });
    const authentication = await startAuthentication({
      env: env({ REGION: region, REGIONS: region, KAFKA_TOPIC_PREFIX: `${database}.` }),
    });
    const token = await eventually(
      async () => {
        const t = await managementToken(
          authentication.url,
          'system',
          OPERATOR_CLIENT_ID,
          OPERATOR_CLIENT_SECRET,
        );
        const ok =
          t &&
          (await fetch(`${url}/admin/tenants?limit=1`, { headers: { authorization: `Bearer ${t}` } })).ok;
        return ok ? t : undefined;
      },
      { what: 'an operator token' },
    );
    const created = await fetch(`${url}/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: `sig-${region}`, displayName: 'Signal', homeRegion: region }),
    });
    expect(created.status).toBe(201);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
    await authentication.close();

    const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
    try {
      const pending = await mongo
        .db(database)
        .collection('tenants')
        .countDocuments({ 'outbox.0': { $exists: true } });
      expect(pending).toBe(0);
    } finally {
      await mongo.close();
    }
  });
});
