import { z } from 'zod';

/**
 * One environment variable, documenting itself: what it is, its default, what we recommend.
 * `insecureDefault` marks a default that is fine on a laptop and wrong in production.
 */
export interface Setting<T> {
  readonly env: string;
  readonly title: string;
  readonly description: string;
  readonly schema: z.ZodType<T>;
  readonly default?: string;
  readonly recommendation?: string;
  readonly insecureDefault?: boolean;
}

export function setting<T>(spec: Setting<T>): Setting<T> {
  return spec;
}

export const text = (): z.ZodType<string> => z.string().min(1);
export const port = (): z.ZodType<number> => z.coerce.number().int().min(0).max(65535);
export const positiveInt = (): z.ZodType<number> => z.coerce.number().int().positive();
export const list = (): z.ZodType<string[]> =>
  z
    .string()
    .min(1)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    );
export const url = (): z.ZodType<string> => z.string().url();
