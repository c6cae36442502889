import { webhookUrlProblem } from './webhook-url';

describe('webhook receiver URLs', () => {
  it.each([
    'https://hooks.example.com/idaas',
    'https://hooks.example.com:8443/in?source=idaas',
    'https://203.0.113.7/in',
  ])('admits the public https URL %s everywhere', (url) => {
    expect(webhookUrlProblem(url, 'public')).toBeUndefined();
    expect(webhookUrlProblem(url, 'local')).toBeUndefined();
  });

  it.each([
    ['a relative URL', '/hooks', /absolute/],
    ['no URL at all', 'hooks.example.com', /absolute/],
    ['a fragment', 'https://hooks.example.com/in#x', /fragment/],
    ['credentials', 'https://user:pass@hooks.example.com/in', /credentials/],
    ['a user name alone', 'https://user@hooks.example.com/in', /credentials/],
    ['another scheme', 'ftp://hooks.example.com/in', /https/],
    ['plain http to a public host', 'http://hooks.example.com/in', /https/],
    ['more than 2000 characters', `https://hooks.example.com/${'a'.repeat(2000)}`, /2000/],
  ])('refuses %s', (_what, url, why) => {
    expect(webhookUrlProblem(url, 'local')).toMatch(why);
    expect(webhookUrlProblem(url, 'public')).toMatch(why);
  });

  it.each(['http://localhost:3000/in', 'http://127.0.0.1:3000/in', 'http://[::1]:3000/in'])(
    'admits loopback http %s only outside production',
    (url) => {
      expect(webhookUrlProblem(url, 'local')).toBeUndefined();
      expect(webhookUrlProblem(url, 'public')).toMatch(/https/);
    },
  );

  it('refuses http to a private address even outside production', () => {
    expect(webhookUrlProblem('http://10.0.0.5/in', 'local')).toMatch(/https/);
  });

  it.each([
    'https://127.0.0.1/in',
    'https://127.8.9.10/in',
    'https://0x7f.1/in', // the URL parser reads it as 127.0.0.1
    'https://localhost/in',
    'https://10.1.2.3/in',
    'https://172.20.0.1/in',
    'https://192.168.1.1/in',
    'https://169.254.169.254/latest/meta-data',
    'https://100.64.0.1/in',
    'https://0.0.0.0/in',
    'https://[::1]/in',
    'https://[::]/in',
    'https://[fd00::1]/in',
    'https://[fe80::1]/in',
    'https://[::ffff:127.0.0.1]/in',
  ])('refuses the internal address %s in production (SSRF)', (url) => {
    expect(webhookUrlProblem(url, 'public')).toMatch(/private, loopback or link-local/);
  });
});
