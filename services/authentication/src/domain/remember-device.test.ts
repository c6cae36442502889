import { rememberDeviceDaysAfter } from './remember-device';

describe('rememberDeviceDaysAfter', () => {
  it("remembers for the policy's days after an app or emailed code, when ticked", () => {
    expect(rememberDeviceDaysAfter('totp', true, 30)).toBe(30);
    expect(rememberDeviceDaysAfter('email_otp', true, 7)).toBe(7);
  });

  it('remembers nothing when not ticked, or when the policy says 0 days', () => {
    expect(rememberDeviceDaysAfter('totp', false, 30)).toBe(0);
    expect(rememberDeviceDaysAfter('email_otp', true, 0)).toBe(0);
  });

  it('never after a recovery code, even from a hand-made form that ticks it', () => {
    expect(rememberDeviceDaysAfter('recovery_code', true, 30)).toBe(0);
  });
});
