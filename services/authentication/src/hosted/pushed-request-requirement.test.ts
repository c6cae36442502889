import { HttpError } from '@idaas/http';
import type { ApplicationView } from '@idaas/replica';
import { pushedIfRequired } from './pushed-request-requirement';

const client = (requirePushedAuthorizationRequests?: boolean): ApplicationView =>
  ({
    applicationId: 'portal',
    tenantId: 't1',
    status: 'active',
    ...(requirePushedAuthorizationRequests === undefined ? {} : { requirePushedAuthorizationRequests }),
  }) as ApplicationView;

const plain = { client_id: 'portal', redirect_uri: 'https://portal.example/cb', response_type: 'code' };
const viaPar = { client_id: 'portal', request_uri: 'urn:ietf:params:oauth:request_uri:abc' };

const refusal = (app: ApplicationView, given: Record<string, string>): unknown => {
  try {
    pushedIfRequired(app, given);
    return undefined;
  } catch (e) {
    return e;
  }
};

describe('pushedIfRequired', () => {
  it('refuses a plain request of an application that requires PAR, as an OAuth error for the client', () => {
    const e = refusal(client(true), plain);
    expect(e).toBeInstanceOf(HttpError);
    expect(e).toMatchObject({ status: 400, code: 'invalid_request', options: { format: 'oauth' } });
  });

  it('lets a request_uri through', () => {
    expect(refusal(client(true), viaPar)).toBeUndefined();
  });

  it.each([false, undefined])('lets plain requests through when the setting is %s', (setting) => {
    expect(refusal(client(setting), plain)).toBeUndefined();
  });
});
