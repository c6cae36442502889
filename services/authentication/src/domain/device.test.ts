import { deviceLabel, recogniseDevice } from './device';

describe('deviceLabel', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Linux'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      'Chrome on Windows',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87',
      'Edge on Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'Safari on macOS',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari on iOS',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
      'Chrome on Android',
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36',
      'Chrome on Linux',
    ],
    ['curl/8.5.0', 'An unknown browser'],
    [undefined, 'An unknown browser'],
  ])('labels %s as %s', (ua, label) => {
    expect(deviceLabel(ua)).toBe(label);
  });

  it('keeps no version numbers', () => {
    expect(deviceLabel('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).not.toMatch(
      /\d/,
    );
  });
});

describe('recogniseDevice', () => {
  it('is known when the cookie hash is one of the user devices', () => {
    expect(recogniseDevice('b', ['a', 'b'])).toBe('known');
  });

  it('is first when the user has no device yet, with or without a cookie', () => {
    expect(recogniseDevice(undefined, [])).toBe('first');
    expect(recogniseDevice('a', [])).toBe('first');
  });

  it('is new without a cookie, or with a cookie of another user, when the user has devices', () => {
    expect(recogniseDevice(undefined, ['a'])).toBe('new');
    expect(recogniseDevice('z', ['a', 'b'])).toBe('new');
  });
});
