import type { Command } from '../command';
import { need, tenantPath } from '../command';

export const TENANT_COMMANDS: Record<string, Command> = {
  'tenants list': {
    usage: 'tenants list [--status active|suspended|deleted] [--region R] [--limit N] [--cursor C]',
    request: (a) => {
      const q = new URLSearchParams();
      if (a.options.status) q.set('status', a.options.status);
      if (a.options.region) q.set('homeRegion', a.options.region);
      if (a.options.limit) q.set('limit', a.options.limit);
      if (a.options.cursor) q.set('cursor', a.options.cursor);
      return { method: 'GET', path: `/admin/tenants${q.size ? `?${q}` : ''}` };
    },
  },
  'tenants create': {
    usage: 'tenants create --slug S --name "Display name" --region R',
    request: (a) => ({
      method: 'POST',
      path: '/admin/tenants',
      body: { slug: need(a, 'slug'), displayName: need(a, 'name'), homeRegion: need(a, 'region') },
    }),
  },
  'tenants get': {
    usage: 'tenants get --tenant ID',
    request: (a) => ({ method: 'GET', path: tenantPath(a) }),
  },
  'tenants rename': {
    usage: 'tenants rename --tenant ID --name "New name"',
    request: (a) => ({ method: 'PATCH', path: tenantPath(a), body: { displayName: need(a, 'name') } }),
  },
  'tenants suspend': {
    usage: 'tenants suspend --tenant ID',
    request: (a) => ({ method: 'POST', path: `${tenantPath(a)}/suspend` }),
  },
  'tenants resume': {
    usage: 'tenants resume --tenant ID',
    request: (a) => ({ method: 'POST', path: `${tenantPath(a)}/resume` }),
  },
  'tenants delete': {
    usage: 'tenants delete --tenant ID',
    request: (a) => ({ method: 'DELETE', path: tenantPath(a) }),
  },
};
