import type { HttpError } from '@idaas/http';
import type { ApiResourceView } from '@idaas/replica';
import { apiScope } from './api-scope';

const invoices: ApiResourceView = {
  resourceId: 'api-1',
  tenantId: 't1',
  name: 'invoices',
  audience: 'https://api.example/invoices',
  displayName: 'Invoices',
  actions: [
    { name: 'read', description: '' },
    { name: 'approve', description: '' },
  ],
  status: 'active',
  version: 1,
};

const refusal = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (e) {
    return (e as HttpError).code;
  }
};

describe('apiScope', () => {
  it("gives every held permission of the API when no scope is asked, and none of other APIs'", () => {
    expect(apiScope(invoices, ['reports:read', 'invoices:approve', 'invoices:read'], undefined)).toEqual([
      'invoices:approve',
      'invoices:read',
    ]);
  });

  it('gives what was asked when it is held', () => {
    expect(apiScope(invoices, ['invoices:approve', 'invoices:read'], 'invoices:approve')).toEqual([
      'invoices:approve',
    ]);
  });

  it('refuses a permission that is not held with invalid_scope', () => {
    expect(refusal(() => apiScope(invoices, ['invoices:approve'], 'invoices:read'))).toBe('invalid_scope');
  });

  it('refuses a held permission whose action the API no longer has', () => {
    expect(refusal(() => apiScope(invoices, ['invoices:delete'], 'invoices:delete'))).toBe('invalid_scope');
  });

  it('refuses a client that holds nothing of the API', () => {
    expect(refusal(() => apiScope(invoices, ['reports:read'], undefined))).toBe('invalid_scope');
  });
});
