import { needsFreshLogin } from './authorization-request';
import { firstPageOf } from './first-page';

describe('firstPageOf', () => {
  it('starts at the sign-up page for prompt=create when the tenant lets users sign up', () => {
    expect(firstPageOf({ prompt: 'create' }, true)).toBe('sign_up');
  });

  it('reports sign-up closed for prompt=create when the tenant lets no one sign up', () => {
    expect(firstPageOf({ prompt: 'create' }, false)).toBe('sign_up_closed');
  });

  it('starts at the login page for every other prompt, whatever the sign-up setting', () => {
    for (const open of [true, false]) {
      expect(firstPageOf({}, open)).toBe('login');
      expect(firstPageOf({ prompt: 'login' }, open)).toBe('login');
      expect(firstPageOf({ prompt: 'consent' }, open)).toBe('login');
    }
  });
});

describe('needsFreshLogin with prompt=create', () => {
  const now = new Date('2030-01-01T12:00:00Z');

  it('ignores a session signed in a second ago: the user creates an account regardless', () => {
    expect(needsFreshLogin({ prompt: 'create' }, new Date(now.getTime() - 1000), now)).toBe(true);
  });

  it('keeps a recent session without a prompt', () => {
    expect(needsFreshLogin({}, new Date(now.getTime() - 1000), now)).toBe(false);
  });
});
