import { referenceOf, requestUriOf, REQUEST_URI_PREFIX } from './request-uri';

describe('request_uri of a pushed authorization request', () => {
  const reference = 'kX9vQ2b7Yw3pLm0n4RtUeA1sDfGhJkLzXcVbNm12345';

  it('reads back the reference it was made from', () => {
    expect(requestUriOf(reference)).toBe(`urn:ietf:params:oauth:request_uri:${reference}`);
    expect(referenceOf(requestUriOf(reference))).toBe(reference);
  });

  it.each([
    ['a URL', `https://client.example/request/${reference}`],
    ['another URN', `urn:ietf:params:oauth:client-assertion-type:${reference}`],
    ['an empty reference', REQUEST_URI_PREFIX],
    ['a too short reference', `${REQUEST_URI_PREFIX}abc`],
    ['characters outside base64url', `${REQUEST_URI_PREFIX}${reference.slice(0, 30)}$where:1`],
    ['a too long reference', `${REQUEST_URI_PREFIX}${'a'.repeat(129)}`],
  ])('is not ours: %s', (_what, uri) => {
    expect(referenceOf(uri)).toBeUndefined();
  });
});
