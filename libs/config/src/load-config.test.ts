import { z } from 'zod';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { port, setting, text } from './setting';

const settings = {
  name: setting({ env: 'APP_NAME', title: 'Name', description: 'the name', schema: text() }),
  port: setting({ env: 'APP_PORT', title: 'Port', description: 'the port', schema: port(), default: '8080' }),
  secret: setting({
    env: 'APP_SECRET',
    title: 'Secret',
    description: 'a key',
    schema: z.string().min(8),
    default: 'dev-secret-value',
    insecureDefault: true,
  }),
};

describe('loadConfig', () => {
  it('parses values and applies defaults', () => {
    const warnings: string[] = [];
    const config = loadConfig(settings, { APP_NAME: 'idaas' }, { warn: (m) => warnings.push(m) });
    expect(config).toEqual({ name: 'idaas', port: 8080, secret: 'dev-secret-value' });
    expect(warnings).toEqual([expect.stringContaining('APP_SECRET')]);
  });

  it('names every missing or bad variable at once', () => {
    try {
      loadConfig(settings, { APP_PORT: 'eighty' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems;
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/^APP_NAME is required/);
      expect(problems[1]).toMatch(/^APP_PORT="eighty" is invalid/);
    }
  });

  it('refuses an insecure default in production', () => {
    expect(() => loadConfig(settings, { APP_NAME: 'x', NODE_ENV: 'production' })).toThrow(
      /APP_SECRET must be set/,
    );
  });
});
