import pino from 'pino';
import request from 'supertest';
import { createApp } from '@idaas/http';
import { eventContractRoutes } from './event-contract';

const app = createApp({
  service: 'tenant',
  info: { title: 'Test', version: '1.0.0' },
  logger: pino({ level: 'silent' }),
  readiness: {},
  routes: eventContractRoutes(),
});

describe('event contract routes', () => {
  it('serves the AsyncAPI document without credentials', async () => {
    const res = await request(app).get('/events/asyncapi.json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      asyncapi: '3.0.0',
      channels: { user: { address: 'idaas.{region}.user.v1' } },
    });
  });

  it('serves one JSON Schema per event type, 404 for an unknown one and 400 for a malformed name', async () => {
    const res = await request(app).get('/events/schemas/idaas.user.locked.v1.json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'idaas.user.locked.v1',
      properties: { type: { const: 'idaas.user.locked.v1' } },
    });
    expect((await request(app).get('/events/schemas/idaas.user.teleported.v1.json')).status).toBe(404);
    const bad = await request(app).get('/events/schemas/not-a-type.json');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('params.type');
  });

  it('documents both routes in the OpenAPI document', async () => {
    const doc = (await request(app).get('/openapi.json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/events/asyncapi.json', '/events/schemas/{type}.json']),
    );
  });
});
