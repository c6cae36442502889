import { PROMPTS, RESPONSE_MODES } from '../domain/authorization-request';
import { PAGE_LOCALES } from '../pages/messages';

/** What the discovery document says about the front channel (OpenID Connect Discovery 1.0, section 3). */
export const frontChannelMetadata = (issuer: string) => ({
  authorization_endpoint: `${issuer}/oauth2/authorize`,
  end_session_endpoint: `${issuer}/oauth2/logout`,
  // OpenID Connect Back-Channel Logout 1.0 section 2.1: Logout Tokens always carry `sid`.
  backchannel_logout_supported: true,
  backchannel_logout_session_supported: true,
  // RFC 9126 section 5: pushing is offered, not required of every client; an application is held to
  // it by its own `requirePushedAuthorizationRequests` setting (client metadata, section 6).
  pushed_authorization_request_endpoint: `${issuer}/oauth2/par`,
  require_pushed_authorization_requests: false,
  // RFC 8628 section 4: where devices start; the device_code grant is among grant_types_supported.
  device_authorization_endpoint: `${issuer}/oauth2/device_authorization`,
  response_types_supported: ['code'],
  response_modes_supported: [...RESPONSE_MODES],
  code_challenge_methods_supported: ['S256'],
  prompt_values_supported: [...PROMPTS],
  ui_locales_supported: PAGE_LOCALES,
  // RFC 9207: every authorization response carries `iss`.
  authorization_response_iss_parameter_supported: true,
});
