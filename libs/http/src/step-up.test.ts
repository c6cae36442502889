import { insufficientUserAuthentication } from './step-up';

describe('insufficientUserAuthentication', () => {
  it('is a 401 whose Bearer challenge names the class and the age the client must ask for', () => {
    const e = insufficientUserAuthentication('A recent second factor is required.', {
      acrValues: 'urn:idaas:acr:mfa',
      maxAgeSeconds: 900,
    });
    expect(e.status).toBe(401);
    expect(e.code).toBe('insufficient_user_authentication');
    expect(e.options.headers?.['WWW-Authenticate']).toBe(
      'Bearer error="insufficient_user_authentication", error_description="A recent second factor is required.", acr_values="urn:idaas:acr:mfa", max_age="900"',
    );
  });
});
