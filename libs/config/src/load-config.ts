import { ConfigError } from './config-error';
import type { Setting } from './setting';

type Settings = Record<string, Setting<unknown>>;
export type ConfigOf<S extends Settings> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

export interface LoadOptions {
  /** Called once per insecure default in use, so the operator sees it at start-up. */
  warn?: (message: string) => void;
}

/**
 * Reads every setting from the environment and reports all problems at once, each naming its
 * variable, so a operator fixes the environment in one pass rather than one restart per mistake.
 * Insecure defaults warn outside production and refuse to run in production.
 */
export function loadConfig<S extends Settings>(
  settings: S,
  env: NodeJS.ProcessEnv = process.env,
  options: LoadOptions = {},
): ConfigOf<S> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  const production = env.NODE_ENV === 'production';
  for (const [key, s] of Object.entries(settings)) {
    const raw = env[s.env];
    const usingDefault = raw === undefined || raw === '';
    const value = usingDefault ? s.default : raw;
    if (value === undefined) {
      problems.push(`${s.env} is required: ${s.description}`);
      continue;
    }
    if (usingDefault && s.insecureDefault) {
      if (production) {
        problems.push(`${s.env} must be set in production (the default is for local development only)`);
        continue;
      }
      options.warn?.(`${s.env} uses its development default; ${s.recommendation ?? 'set it in production'}`);
    }
    const parsed = s.schema.safeParse(value);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => i.message).join('; ');
      problems.push(`${s.env}=${JSON.stringify(value)} is invalid (${reason}): ${s.description}`);
      continue;
    }
    out[key] = parsed.data;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}

/** Markdown table of the settings, for READMEs and `--help`. */
export function describeSettings(settings: Settings): string {
  const rows = Object.values(settings).map(
    (s) =>
      `| \`${s.env}\` | ${s.description} | ${s.default === undefined ? '(required)' : `\`${s.default}\``} |`,
  );
  return ['| variable | meaning | default |', '| --- | --- | --- |', ...rows].join('\n');
}
