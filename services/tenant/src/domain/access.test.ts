import {
  apiResourceClash,
  apiResourceProblems,
  audienceProblem,
  rolesLosingPermissions,
  rolesUsing,
  unknownPermissions,
  type ApiResource,
  type Role,
} from './access';

const invoices: ApiResource = {
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

const role = (name: string, permissions: string[], status: Role['status'] = 'active'): Role => ({
  roleId: `role-${name}`,
  tenantId: 't1',
  name,
  description: '',
  permissions,
  assignees: { users: [], groups: [], applications: [] },
  status,
  version: 1,
});

describe('API resource rules', () => {
  it.each(['https://api.example/invoices', 'urn:acme:billing', 'api://billing'])(
    'accepts the audience %s',
    (a) => expect(audienceProblem(a)).toBeUndefined(),
  );

  it.each([
    ['urn:idaas:management', 'reserved'],
    ['URN:IDAAS:anything', 'reserved'],
    ['urn:idaas', 'reserved'],
    ['/invoices', 'absolute URI'],
    ['invoices', 'absolute URI'],
    ['https://api.example/invoices#v1', 'fragment'],
  ])('refuses the audience %s (%s)', (audience, why) => {
    expect(audienceProblem(audience)).toContain(why);
  });

  it('names a repeated action and a bad audience by field', () => {
    const problems = apiResourceProblems({
      ...invoices,
      audience: 'urn:idaas:management',
      actions: [
        { name: 'read', description: '' },
        { name: 'read', description: 'again' },
      ],
    });
    expect(problems.map((p) => p.field)).toEqual(['body.audience', 'body.actions.1.name']);
  });

  it('clashes on a name or audience of another active API of the tenant, not on itself or a deleted one', () => {
    const candidate = { ...invoices, audience: 'https://api.example/other' };
    expect(apiResourceClash(candidate, [invoices])).toContain('named invoices');
    expect(apiResourceClash({ ...invoices, name: 'bills' }, [invoices])).toContain('audience');
    expect(apiResourceClash(invoices, [invoices], invoices.resourceId)).toBeUndefined();
    expect(apiResourceClash(invoices, [{ ...invoices, status: 'deleted' }])).toBeUndefined();
  });
});

describe('roles and the permissions they use', () => {
  const approver = role('approver', ['invoices:approve']);
  const reader = role('reader', ['invoices:read']);

  it('names the roles that would lose an action that is removed', () => {
    const withoutApprove = { ...invoices, actions: [{ name: 'read', description: '' }] };
    expect(rolesLosingPermissions(invoices, withoutApprove, [approver, reader])).toEqual(['approver']);
  });

  it('treats renaming the API as removing all of its permissions', () => {
    expect(rolesLosingPermissions(invoices, { ...invoices, name: 'bills' }, [reader, approver])).toEqual([
      'approver',
      'reader',
    ]);
  });

  it('lets actions go that no active role uses', () => {
    const withoutApprove = { ...invoices, actions: [{ name: 'read', description: '' }] };
    expect(
      rolesLosingPermissions(invoices, withoutApprove, [
        reader,
        role('old', ['invoices:approve'], 'deleted'),
      ]),
    ).toEqual([]);
    expect(rolesUsing(['reports:read'], [approver, reader])).toEqual([]);
  });

  it('refuses permissions that are no action of an active API, naming each index', () => {
    const problems = unknownPermissions(
      ['invoices:approve', 'invoices:delete', 'reports:read', 'invoices'],
      [invoices, { ...invoices, resourceId: 'api-2', name: 'reports', status: 'deleted' }],
    );
    expect(problems.map((p) => p.field)).toEqual([
      'body.permissions.1',
      'body.permissions.2',
      'body.permissions.3',
    ]);
  });
});
