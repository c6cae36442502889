import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from './args';
import { UsageError } from './command';
import { COMMANDS } from './commands';

const requestOf = (...argv: string[]) => {
  const args = parseArgs(argv);
  return COMMANDS[args.words.join(' ')]!.request(args);
};

describe('COMMANDS', () => {
  it('subscribes a webhook with every setting, since PUT replaces them all', () => {
    expect(
      requestOf(
        'webhooks',
        'create',
        '--tenant',
        't1',
        '--url',
        'https://hooks.example/x',
        '--events',
        'idaas.user.*, idaas.tenant.updated.v1',
      ),
    ).toEqual({
      method: 'POST',
      path: '/admin/tenants/t1/webhooks',
      body: {
        url: 'https://hooks.example/x',
        eventTypes: ['idaas.user.*', 'idaas.tenant.updated.v1'],
        enabled: true,
      },
    });
    expect(
      requestOf(
        'webhooks',
        'update',
        '--tenant',
        't1',
        '--webhook',
        'w1',
        '--url',
        'https://h.example',
        '--events',
        'idaas.user.*',
        '--disabled',
        '--version',
        '3',
      ),
    ).toMatchObject({
      method: 'PUT',
      path: '/admin/tenants/t1/webhooks/w1',
      body: { enabled: false, version: 3 },
    });
  });

  it('makes API actions out of names and replaces every holder of a role', () => {
    expect(
      requestOf(
        'apis',
        'create',
        '--tenant',
        't1',
        '--name',
        'invoices',
        '--audience',
        'https://api.example/invoices',
        '--actions',
        'read,approve',
      ),
    ).toMatchObject({
      body: { name: 'invoices', displayName: 'invoices', actions: [{ name: 'read' }, { name: 'approve' }] },
    });
    expect(requestOf('roles', 'assign', '--tenant', 't1', '--role', 'r1', '--users', 'u1,u2')).toEqual({
      method: 'PUT',
      path: '/admin/tenants/t1/roles/r1/assignments',
      body: { users: ['u1', 'u2'], groups: [], applications: [] },
    });
  });

  it('reads template bodies from files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'idaas-cli-'));
    writeFileSync(path.join(dir, 'm.html'), '<p>{{link}}</p>');
    writeFileSync(path.join(dir, 'm.txt'), '{{link}}');
    expect(
      requestOf(
        'templates',
        'set',
        '--tenant',
        't1',
        '--kind',
        'verification',
        '--locale',
        'de-CH',
        '--subject',
        'Hallo',
        '--html-file',
        path.join(dir, 'm.html'),
        '--text-file',
        path.join(dir, 'm.txt'),
      ),
    ).toEqual({
      method: 'PUT',
      path: '/admin/tenants/t1/templates/verification/de-CH',
      body: { subject: 'Hallo', html: '<p>{{link}}</p>', text: '{{link}}' },
    });
  });

  it("resets a user's second factors at the tenant region's authentication service, all or one method", () => {
    expect(requestOf('users', 'mfa-reset', '--tenant', 't1', '--user', 'u1')).toEqual({
      method: 'DELETE',
      path: '/admin/tenants/t1/users/u1/mfa/enrolments',
      service: 'authentication',
    });
    expect(requestOf('users', 'mfa-reset', '--tenant', 't1', '--user', 'u1', '--method', 'webauthn')).toEqual(
      {
        method: 'DELETE',
        path: '/admin/tenants/t1/users/u1/mfa/enrolments/webauthn',
        service: 'authentication',
      },
    );
    expect(() => requestOf('users', 'mfa-reset', '--tenant', 't1')).toThrow(
      new UsageError('--user is required'),
    );
  });

  it("finds, reads, steps and erases users at the tenant region's lifecycle service", () => {
    const find = requestOf('users', 'find', '--tenant', 't1', '--email', 'a"b@example.com');
    expect(find).toMatchObject({ method: 'GET', service: 'lifecycle' });
    // The address is one quoted SCIM string: its quote cannot end the filter early.
    expect(new URL(find.path, 'http://x').searchParams.get('filter')).toBe('userName eq "a\\"b@example.com"');
    expect(new URL(find.path, 'http://x').pathname).toBe('/scim/v2/tenants/t1/Users');
    expect(requestOf('users', 'get', '--tenant', 't1', '--user', 'u1')).toEqual({
      method: 'GET',
      path: '/admin/tenants/t1/users/u1',
      service: 'lifecycle',
    });
    expect(requestOf('users', 'require-password-reset', '--tenant', 't1', '--user', 'u1')).toEqual({
      method: 'POST',
      path: '/admin/tenants/t1/users/u1/require-password-reset',
      service: 'lifecycle',
    });
    expect(requestOf('users', 'delete', '--tenant', 't1', '--user', 'u1')).toEqual({
      method: 'DELETE',
      path: '/admin/tenants/t1/users/u1',
      service: 'lifecycle',
    });
    expect(() => requestOf('users', 'lock', '--tenant', 't1')).toThrow(UsageError);
  });

  it("pages a subscription's deliveries and the dead letters, and replays one, at the region's notification service", () => {
    expect(requestOf('webhooks', 'deliveries', '--tenant', 't1', '--webhook', 'w1')).toEqual({
      method: 'GET',
      path: '/admin/tenants/t1/webhooks/w1/deliveries',
      service: 'notification',
    });
    const page = requestOf(
      'webhooks',
      'dead-letters',
      '--tenant',
      't1',
      '--limit',
      '20',
      '--cursor',
      'a+b/c=',
    );
    expect(page).toMatchObject({ method: 'GET', service: 'notification' });
    const url = new URL(page.path, 'http://x');
    expect(url.pathname).toBe('/admin/tenants/t1/dead-letters');
    // The cursor arrives as given, whatever characters it holds.
    expect(Object.fromEntries(url.searchParams)).toEqual({ limit: '20', cursor: 'a+b/c=' });
    expect(requestOf('webhooks', 'replay', '--tenant', 't1', '--delivery', 'msg_1')).toEqual({
      method: 'POST',
      path: '/admin/tenants/t1/dead-letters/msg_1/replay',
      service: 'notification',
    });
    expect(COMMANDS['webhooks deliveries']!.paged).toBe(true);
    expect(COMMANDS['webhooks replay']!.paged).toBeUndefined();
  });

  it('refuses delivery commands without what they name, or with a malformed page', () => {
    expect(() => requestOf('webhooks', 'deliveries', '--tenant', 't1')).toThrow(
      new UsageError('--webhook is required'),
    );
    expect(() => requestOf('webhooks', 'replay', '--tenant', 't1')).toThrow(
      new UsageError('--delivery is required'),
    );
    expect(() => requestOf('webhooks', 'dead-letters', '--limit', '5')).toThrow(
      new UsageError('--tenant is required'),
    );
    expect(() => requestOf('webhooks', 'dead-letters', '--tenant', 't1', '--limit', 'ten')).toThrow(
      /--limit must be a whole number/,
    );
    expect(() => requestOf('webhooks', 'dead-letters', '--tenant', 't1', '--cursor')).toThrow(
      /--cursor needs the `next` of the previous page/,
    );
  });

  it('refuses missing or malformed options before anything is sent', () => {
    expect(() => requestOf('webhooks', 'create', '--tenant', 't1', '--url', 'https://h.example')).toThrow(
      new UsageError('--events is required'),
    );
    expect(() =>
      requestOf('webhooks', 'rotate-secret', '--tenant', 't1', '--webhook', 'w', '--overlap', '1h'),
    ).toThrow(/--overlap must be a whole number/);
    expect(() =>
      requestOf(
        'templates',
        'set',
        '--tenant',
        't1',
        '--kind',
        'welcome',
        '--locale',
        'en',
        '--subject',
        'Hi',
        '--html-file',
        '/nonexistent/x.html',
        '--text-file',
        'x',
      ),
    ).toThrow(/cannot read \/nonexistent\/x.html/);
  });

  it('registers an application held to pushed authorization requests with --require-par, and only then', () => {
    const create = ['apps', 'create', '--tenant', 't1', '--name', 'Portal', '--kind', 'web'];
    expect(requestOf(...create, '--require-par')).toMatchObject({
      method: 'POST',
      path: '/admin/tenants/t1/applications',
      body: { name: 'Portal', kind: 'web', requirePushedAuthorizationRequests: true },
    });
    expect(requestOf(...create).body).not.toHaveProperty('requirePushedAuthorizationRequests');
    expect(() => requestOf(...create, '--require-par', 'no')).toThrow(UsageError);
  });

  it('registers the grant types named with --grant-types, the device grant among them', () => {
    const create = ['apps', 'create', '--tenant', 't1', '--name', 'TV', '--kind', 'native'];
    const device = 'urn:ietf:params:oauth:grant-type:device_code';
    expect(requestOf(...create, '--grant-types', `${device},refresh_token`).body).toMatchObject({
      grantTypes: [device, 'refresh_token'],
    });
    expect(requestOf(...create).body).not.toHaveProperty('grantTypes');
  });
});
