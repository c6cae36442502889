import { describeRefusal } from './problem';

const refusal = (problem: object, status = 400) =>
  describeRefusal('POST', '/admin/tenants/t1/roles', status, JSON.stringify(problem), problem);

describe('describeRefusal', () => {
  it('names each refused field once, on a line of its own', () => {
    // What Problems.validation answers: the detail is the field list joined into one line.
    const printed = refusal({
      title: 'Bad Request',
      detail: 'body.permissions.0: unknown permission; body.name: Required',
      errors: [
        { field: 'body.permissions.0', message: 'unknown permission' },
        { field: 'body.name', message: 'Required' },
      ],
    });
    expect(printed.split('\n')).toEqual([
      'POST /admin/tenants/t1/roles answered 400 Bad Request',
      '  body.permissions.0: unknown permission',
      '  body.name: Required',
    ]);
  });

  it('keeps a detail that says more than its fields', () => {
    expect(
      refusal(
        {
          title: 'Conflict',
          detail: 'Another account of this tenant has that email.',
          errors: [{ field: 'body.email', message: 'is taken' }],
        },
        409,
      ).split('\n'),
    ).toEqual([
      'POST /admin/tenants/t1/roles answered 409 Conflict: Another account of this tenant has that email.',
      '  body.email: is taken',
    ]);
  });

  it('shows the raw answer when it is no problem JSON', () => {
    expect(describeRefusal('GET', '/x', 502, '<html>Bad Gateway</html>', undefined)).toBe(
      'GET /x answered 502: <html>Bad Gateway</html>',
    );
  });
});
