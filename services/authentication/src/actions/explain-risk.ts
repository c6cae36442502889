import { z } from 'zod';
import type { SignInRisk } from '@idaas/identity';

const flag = z.enum(['true', 'false']).optional();

/**
 * Query parameters of the explain endpoint that describe a hypothetical sign-in: risk signals
 * belong to one sign-in (its browser, its country, the failures before it), so the admin says
 * which to assume; none given means a sign-in that matches no adaptive rule.
 */
export const riskQueryShape = {
  newDevice: flag,
  newCountry: flag,
  recentFailures: z.coerce.number().int().min(0).max(1000).optional(),
  rememberedDevice: flag,
};

type RiskQuery = { [K in keyof typeof riskQueryShape]?: z.output<(typeof riskQueryShape)[K]> };

export function riskFromQuery(query: RiskQuery): SignInRisk {
  return {
    newDevice: query.newDevice === 'true',
    newCountry: query.newCountry === 'true',
    recentFailures: query.recentFailures ?? 0,
    rememberedDevice: query.rememberedDevice === 'true',
  };
}

export const riskView = z.object({
  newDevice: z.boolean(),
  newCountry: z.boolean(),
  recentFailures: z.number(),
  rememberedDevice: z.boolean(),
  note: z.string(),
});

export const RISK_NOTE =
  'Risk signals are measured per sign-in (device cookie, TRUSTED_COUNTRY_HEADER, failed passwords since the last success); these are the ones assumed from the query (newDevice, newCountry, recentFailures, rememberedDevice).';

/** The mfa section as the explain endpoint shows it, adaptive rules included. */
export const mfaPolicyView = z.object({
  mode: z.string(),
  methods: z.array(z.string()),
  rememberDeviceDays: z.number(),
  stepUpOnNewDevice: z.boolean(),
  stepUpOnNewCountry: z.boolean(),
  stepUpAfterFailures: z.number(),
});
