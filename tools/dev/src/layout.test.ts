import { localLayout, regionLinks } from './layout';

describe('the local stack layout', () => {
  it("links each region's login page to that region's sign-up and recovery, and sign-up back to its login", () => {
    const layout = localLayout(4000);
    expect(regionLinks(layout, 'eu')).toEqual({
      SIGNUP_BASE_URL: 'http://127.0.0.1:4101',
      RECOVERY_BASE_URL: 'http://127.0.0.1:4102',
      LOGIN_BASE_URL: 'http://127.0.0.1:4100',
    });
    expect(regionLinks(layout, 'us').SIGNUP_BASE_URL).toBe('http://127.0.0.1:4201');
  });
});
