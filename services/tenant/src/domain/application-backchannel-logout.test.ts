import {
  InvalidApplicationError,
  reconfigureApplication,
  registerApplication,
  type ApplicationRules,
  type ApplicationSettings,
} from './application';

const now = new Date('2026-03-01T00:00:00Z');
const web: ApplicationSettings = { name: 'Portal', kind: 'web', redirectUris: ['https://portal.example/cb'] };
const local: ApplicationRules = { receivers: 'local' };

function fieldsRefused(settings: ApplicationSettings, rules?: ApplicationRules): string[] {
  try {
    registerApplication('t1', settings, now, {}, rules);
    return [];
  } catch (e) {
    if (!(e instanceof InvalidApplicationError)) throw e;
    return e.problems.map((p) => p.field);
  }
}

describe('back-channel logout settings', () => {
  it('defaults to no URI and no session requirement', () => {
    const { application } = registerApplication('t1', web, now);
    expect(application.backchannelLogoutUri).toBeUndefined();
    expect(application.backchannelLogoutSessionRequired).toBe(false);
  });

  it('keeps an https URI and the session flag', () => {
    const { application } = registerApplication(
      't1',
      {
        ...web,
        backchannelLogoutUri: 'https://portal.example/bcl?x=1',
        backchannelLogoutSessionRequired: true,
      },
      now,
    );
    expect(application).toMatchObject({
      backchannelLogoutUri: 'https://portal.example/bcl?x=1',
      backchannelLogoutSessionRequired: true,
    });
  });

  it.each(['http://portal.example/bcl', 'https://portal.example/bcl#x', '/bcl', 'https://127.0.0.1/bcl'])(
    'refuses %s in production, naming the field',
    (uri) => {
      expect(fieldsRefused({ ...web, backchannelLogoutUri: uri })).toEqual(['body.backchannelLogoutUri']);
    },
  );

  it('admits http on localhost only where the deployment admits local receivers', () => {
    expect(fieldsRefused({ ...web, backchannelLogoutUri: 'http://127.0.0.1:8080/bcl' }, local)).toEqual([]);
    expect(fieldsRefused({ ...web, backchannelLogoutUri: 'http://portal.example/bcl' }, local)).toEqual([
      'body.backchannelLogoutUri',
    ]);
  });

  it('removes the URI when a replacement leaves it out', () => {
    const { application } = registerApplication(
      't1',
      { ...web, backchannelLogoutUri: 'https://portal.example/bcl' },
      now,
    );
    const replaced = reconfigureApplication(application, web, now).application;
    expect(replaced.backchannelLogoutUri).toBeUndefined();
  });
});
