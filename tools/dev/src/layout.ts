/** Where each local process listens. Ports are fixed so bookmarks and curl lines keep working. */
export interface ProcessSpec {
  name: string;
  service: 'tenant' | 'authentication' | 'registration' | 'lifecycle' | 'notification';
  region?: string;
  port: number;
}

export const REGIONS = ['eu', 'us'] as const;

const REGIONAL = ['authentication', 'registration', 'lifecycle', 'notification'] as const;

export function localLayout(basePort = Number(process.env.IDAAS_BASE_PORT ?? 4000)): ProcessSpec[] {
  return [
    { name: 'tenant', service: 'tenant', port: basePort },
    ...REGIONS.flatMap((region, r) =>
      REGIONAL.map((service, s) => ({
        name: `${service}-${region}`,
        service,
        region,
        port: basePort + 100 * (r + 1) + s,
      })),
    ),
  ];
}

/**
 * Where a region's services reach each other's public pages: the login page links to sign-up
 * and recovery, and sign-up hands a verified user back to the login. Each service also takes its
 * own entry as its public origin (the links in its emails).
 */
export function regionLinks(layout: ProcessSpec[], region: string): Record<string, string> {
  const url = (service: ProcessSpec['service']) => {
    const spec = layout.find((p) => p.service === service && p.region === region);
    return spec ? `http://127.0.0.1:${spec.port}` : '';
  };
  return {
    SIGNUP_BASE_URL: url('registration'),
    RECOVERY_BASE_URL: url('lifecycle'),
    LOGIN_BASE_URL: url('authentication'),
  };
}
