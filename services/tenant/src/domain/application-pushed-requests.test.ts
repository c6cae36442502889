import {
  reconfigureApplication,
  registerApplication,
  toSnapshot,
  type ApplicationSettings,
} from './application';

const now = new Date('2026-03-01T00:00:00Z');
const web: ApplicationSettings = { name: 'Portal', kind: 'web', redirectUris: ['https://portal.example/cb'] };

describe('requirePushedAuthorizationRequests', () => {
  it('is off unless asked for', () => {
    expect(registerApplication('t1', web, now).application.requirePushedAuthorizationRequests).toBe(false);
  });

  it('travels to the regions in the snapshot when on', () => {
    const { application } = registerApplication(
      't1',
      { ...web, requirePushedAuthorizationRequests: true },
      now,
    );
    expect(toSnapshot(application, now).requirePushedAuthorizationRequests).toBe(true);
  });

  it('is turned off by a replacement that leaves it out', () => {
    const { application } = registerApplication(
      't1',
      { ...web, requirePushedAuthorizationRequests: true },
      now,
    );
    const replaced = reconfigureApplication(application, web, now).application;
    expect(toSnapshot(replaced, now).requirePushedAuthorizationRequests).toBe(false);
  });
});
