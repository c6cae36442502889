import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ensureInfra, startMailbox } from '@idaas/infra-local';
import { localLayout, regionLinks, REGIONS, type ProcessSpec } from './layout';
import { operatorToken, seedDemoTenant } from './seed';
import { DEMO_REDIRECT_URI, seedDemoLogin } from './seed-demo-login';

const ROOT = path.resolve(__dirname, '../../..');
const TSX = require.resolve('tsx/cli');
// A fixed secret on a laptop, so the curl lines printed below keep working across restarts.
const OPERATOR_CLIENT_SECRET =
  process.env.OPERATOR_CLIENT_SECRET ?? 'local-development-operator-client-secret';

function startProcess(
  spec: ProcessSpec,
  infra: { kafkaBrokers: string[]; mongodbUri: string; smtpUrl: string },
  layout: ProcessSpec[],
): ChildProcess {
  const child = spawn(process.execPath, [TSX, path.join(ROOT, 'services', spec.service, 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(spec.port),
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      MONGODB_URI: infra.mongodbUri,
      REGIONS: REGIONS.join(','),
      OPERATOR_CLIENT_SECRET,
      // Notification services send through the local mailbox unless told otherwise.
      SMTP_URL: process.env.SMTP_URL ?? infra.smtpUrl,
      // The local broker is shared with the test suites; the dev stack keeps to its own topics.
      KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX ?? 'dev.',
      ...(spec.region ? { REGION: spec.region, ...regionLinks(layout, spec.region) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Services log JSON lines; prefix them so the interleaved output says who spoke.
  const prefix = `${spec.name.padEnd(20)}|`;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) process.stdout.write(`${prefix} ${line}\n`);
    });
  }
  return child;
}

async function waitReady(spec: ProcessSpec, child: ChildProcess, timeoutMs = 120000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${spec.name} exited with code ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${spec.port}/readyz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${spec.name} was not ready on port ${spec.port} within ${timeoutMs / 1000}s`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const infra = await ensureInfra({ log: (m) => console.log(m) });
  // A real SMTP receiver on loopback: what the stack emails is readable in the browser.
  const mailbox = await startMailbox({ smtpPort: 2525, httpPort: 8025 });
  const layout = localLayout();
  const children = new Map<ProcessSpec, ChildProcess>();
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log(
      '\n[start] stopping services (Kafka and the MongoDB-wire server keep running; `npm run infra:down` stops them)...',
    );
    const exits = [...children.values()].map(
      (c) =>
        new Promise<void>((resolve) => (c.exitCode !== null ? resolve() : c.once('exit', () => resolve()))),
    );
    for (const c of children.values()) c.kill('SIGTERM');
    await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 15000))]);
    for (const c of children.values()) if (c.exitCode === null) c.kill('SIGKILL');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  console.log(`[start] starting ${layout.length} services...`);
  for (const spec of layout) {
    const child = startProcess(spec, { ...infra, smtpUrl: mailbox.smtpUrl }, layout);
    children.set(spec, child);
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`[start] ${spec.name} exited unexpectedly (code ${code}); stopping the rest`);
        void stopAll(1);
      }
    });
  }
  await Promise.all(layout.map((spec) => waitReady(spec, children.get(spec)!)));
  const tenant = layout[0]!;
  const eu = layout.find((l) => l.service === 'authentication' && l.region === 'eu')!;
  const token = await operatorToken(`http://127.0.0.1:${eu.port}`, OPERATOR_CLIENT_SECRET);
  const demo = await seedDemoTenant(`http://127.0.0.1:${tenant.port}`, token);
  const home = layout.find((l) => l.service === 'authentication' && l.region === demo.homeRegion)!;
  const login = await seedDemoLogin(
    { managementUrl: `http://127.0.0.1:${tenant.port}`, token },
    demo,
    `http://127.0.0.1:${home.port}`,
    infra.mongodbUri,
  );

  const rows = layout.map((s) => [s.name, s.region ?? 'global', `http://127.0.0.1:${s.port}`]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), 8));
  const line = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\nIDaaS local stack is up (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
  console.log(line(['service', 'region', 'url']));
  for (const r of rows) console.log(line(r));
  console.log(`\nkafka     ${infra.kafkaBrokers.join(',')}\nmongodb   ${infra.mongodbUri}`);
  console.log(`mailbox   ${mailbox.httpUrl}  (SMTP ${mailbox.smtpUrl}; JSON at /api/messages)`);
  console.log(`\ndemo tenant '${demo.slug}' (home region ${demo.homeRegion}), as each region sees it:`);
  for (const s of layout.filter((l) => l.service === 'authentication'))
    console.log(`  http://127.0.0.1:${s.port}/t/${demo.slug}`);
  console.log(`\nsign in to the demo tenant (OpenID Connect, native app ${login.clientId}):`);
  console.log(`  discovery  ${login.discoveryUrl}`);
  const seeded = login.userCreated ? '' : '  (as first seeded)';
  console.log(`  user       ${login.email} / ${login.password}${seeded}`);
  console.log(`  open       ${login.authorizeUrl}`);
  console.log(`  then take the code from the address bar of the page it lands on and exchange it:`);
  console.log(
    `  curl -d grant_type=authorization_code -d client_id=${login.clientId} -d redirect_uri=${DEMO_REDIRECT_URI} \\\n` +
      `       -d code_verifier=${login.codeVerifier} -d code=<code> ${login.tokenUrl}`,
  );
  console.log(`  account    ${login.accountUrl}  (in the same browser, after signing in)`);
  console.log('\nadmin API, as the platform operator client (development secret):');
  console.log(
    `  curl -u 00000000-0000-4000-8000-000000000001:${OPERATOR_CLIENT_SECRET} -d grant_type=client_credentials \\\n` +
      `       -d resource=urn:idaas:management http://127.0.0.1:${eu.port}/t/system/oauth2/token`,
  );
  console.log(
    `  curl -H 'Authorization: Bearer <access_token>' http://127.0.0.1:${tenant.port}/admin/tenants`,
  );
  console.log('API docs:   /openapi.json on every service.   Ctrl-C stops the services.\n');
}

main().catch((e: unknown) => {
  console.error(`[start] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
