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
