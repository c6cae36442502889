import type { HttpError } from '@idaas/http';
import { narrowedScope } from './refresh-token';

describe('narrowedScope', () => {
  it('keeps the granted scope when none is asked', () => {
    expect(narrowedScope(['openid', 'email', 'offline_access'], undefined)).toEqual([
      'openid',
      'email',
      'offline_access',
    ]);
  });

  it('narrows to a subset', () => {
    expect(narrowedScope(['openid', 'email', 'offline_access'], 'openid email')).toEqual(['openid', 'email']);
  });

  it('refuses to widen with invalid_scope', () => {
    let code: string | undefined;
    try {
      narrowedScope(['openid'], 'openid profile');
    } catch (e) {
      code = (e as HttpError).code;
    }
    expect(code).toBe('invalid_scope');
  });
});
