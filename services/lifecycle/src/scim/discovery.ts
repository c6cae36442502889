import { MFA_METHODS } from '@idaas/identity';
import { MAX_RESULTS } from './list-query';
import { MFA_EXTENSION_SCHEMA } from './mfa-extension';
import {
  GROUP_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  USER_SCHEMA,
} from './schemas';

/** RFC 7643 section 5: what this service supports, for provisioning clients to discover. */
export function serviceProviderConfig(base: string) {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    documentationUri: `${base}/openapi.json`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description:
          'An access token of the tenant (client_credentials, resource urn:idaas:management) holding users:read / users:write.',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

/** RFC 7643 section 6. */
export function resourceTypes(base: string) {
  return [
    {
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: MFA_EXTENSION_SCHEMA, required: false }],
    },
    { id: 'Group', name: 'Group', endpoint: '/Groups', description: 'Group', schema: GROUP_SCHEMA },
  ].map((t) => ({
    schemas: [RESOURCE_TYPE_SCHEMA],
    ...t,
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${t.id}` },
  }));
}

type Attribute = {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime' | 'integer';
  description?: string;
  canonicalValues?: readonly string[];
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'writeOnly' | 'immutable';
  returned?: 'always' | 'never' | 'default';
  uniqueness?: 'none' | 'server';
  subAttributes?: Attribute[];
};

const attr = (a: Attribute): Record<string, unknown> => ({
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...a,
  ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attr) } : {}),
});

/** RFC 7643 section 7: the attributes this service stores, a subset of the core schemas. */
export function schemas(base: string) {
  return [
    {
      id: USER_SCHEMA,
      name: 'User',
      description: 'User Account; userName is the sign-in email, unique in the tenant',
      attributes: [
        attr({ name: 'userName', type: 'string', required: true, uniqueness: 'server' }),
        attr({
          name: 'name',
          type: 'complex',
          subAttributes: [
            { name: 'givenName', type: 'string' },
            { name: 'familyName', type: 'string' },
          ],
        }),
        attr({ name: 'displayName', type: 'string' }),
        attr({ name: 'locale', type: 'string' }),
        attr({ name: 'active', type: 'boolean' }),
        attr({ name: 'password', type: 'string', mutability: 'writeOnly', returned: 'never' }),
        attr({
          name: 'emails',
          type: 'complex',
          multiValued: true,
          subAttributes: [
            { name: 'value', type: 'string' },
            { name: 'type', type: 'string' },
            { name: 'primary', type: 'boolean' },
          ],
        }),
      ],
    },
    {
      id: MFA_EXTENSION_SCHEMA,
      name: 'MFA enrolments',
      description:
        "A user's second factors, read-only: enrolments come from the user's own sign-ins; allowedMethods and preferredMethod are set by admins with PUT /admin/tenants/{id}/users/{user}/mfa on the region's authentication service. On a PUT they are ignored, a PATCH naming them is 400 mutability. GET /Users/{id} returns them; a list only when its attributes parameter names the extension or one of its attributes.",
      attributes: [
        attr({
          name: 'enrolments',
          type: 'complex',
          multiValued: true,
          mutability: 'readOnly',
          description: 'Second factors the user enrolled; never a secret or a code',
          subAttributes: [
            {
              name: 'method',
              type: 'string',
              mutability: 'readOnly',
              canonicalValues: ['totp', 'webauthn', 'recovery_code'],
            },
            { name: 'label', type: 'string', mutability: 'readOnly', description: "A passkey's name" },
            { name: 'enrolledAt', type: 'dateTime', mutability: 'readOnly' },
            { name: 'lastUsedAt', type: 'dateTime', mutability: 'readOnly' },
            {
              name: 'remaining',
              type: 'integer',
              mutability: 'readOnly',
              description: 'Recovery codes not used yet',
            },
          ],
        }),
        attr({
          name: 'allowedMethods',
          type: 'string',
          multiValued: true,
          mutability: 'readOnly',
          canonicalValues: MFA_METHODS,
          description: 'The methods an admin allows this user; absent: every method the policy allows',
        }),
        attr({
          name: 'preferredMethod',
          type: 'string',
          mutability: 'readOnly',
          canonicalValues: MFA_METHODS,
          description: 'The method the second-factor page opens on',
        }),
      ],
    },
    {
      id: GROUP_SCHEMA,
      name: 'Group',
      description: 'Group of users; role assignments of the management plane can name it',
      attributes: [
        attr({ name: 'displayName', type: 'string', required: true, uniqueness: 'server' }),
        attr({
          name: 'members',
          type: 'complex',
          multiValued: true,
          subAttributes: [
            { name: 'value', type: 'string', mutability: 'immutable' },
            { name: '$ref', type: 'reference', mutability: 'immutable' },
            { name: 'type', type: 'string', mutability: 'immutable' },
          ],
        }),
      ],
    },
  ].map((s) => ({
    schemas: [SCHEMA_SCHEMA],
    ...s,
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${s.id}` },
  }));
}
