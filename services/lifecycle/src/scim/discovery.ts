import { MAX_RESULTS } from './list-query';
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
    { id: 'User', name: 'User', endpoint: '/Users', description: 'User Account', schema: USER_SCHEMA },
    { id: 'Group', name: 'Group', endpoint: '/Groups', description: 'Group', schema: GROUP_SCHEMA },
  ].map((t) => ({
    schemas: [RESOURCE_TYPE_SCHEMA],
    ...t,
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${t.id}` },
  }));
}

type Attribute = {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime';
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
