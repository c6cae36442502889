import pino from 'pino';
import request from 'supertest';
import { z } from 'zod';
import { createApp } from './app';
import { Problems } from './errors';
import { defineRoute } from './route';

const logger = pino({ level: 'silent' });
const widget = z.object({ name: z.string().min(1), size: z.number().int().positive() });

function app(ready = true) {
  return createApp({
    service: 'test',
    info: { title: 'Test API', version: '1.0.0' },
    logger,
    readiness: { database: async () => ready },
    routes: [
      defineRoute({
        method: 'post',
        path: '/widgets/:shelf',
        operationId: 'createWidget',
        summary: 'Create a widget',
        params: z.object({ shelf: z.string().regex(/^[a-z]+$/) }),
        body: widget,
        responses: { 201: { description: 'created', schema: widget }, 409: { description: 'exists' } },
        handler: async ({ body, params }) => {
          if (body.name === 'taken')
            throw Problems.conflict(`A widget named taken already exists on ${params.shelf}.`);
          if (body.name === 'boom') throw new Error('database password is hunter2');
          return { status: 201, body };
        },
      }),
    ],
  });
}

describe('createApp', () => {
  it('answers valid input through the guarded handler', async () => {
    const res = await request(app()).post('/widgets/top').send({ name: 'bolt', size: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ name: 'bolt', size: 3 });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('answers bad input with a 400 problem naming each field', async () => {
    const res = await request(app()).post('/widgets/top').send({ name: '', size: 'big' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.name', 'body.size']);
    expect(res.body.detail).toContain('body.size');
  });

  it('validates path parameters too', async () => {
    const res = await request(app()).post('/widgets/TOP1').send({ name: 'bolt', size: 3 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('params.shelf');
  });

  it('answers malformed JSON with a 400 problem, not a 500', async () => {
    const res = await request(app())
      .post('/widgets/top')
      .set('content-type', 'application/json')
      .send('{"name":');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('malformed_json');
  });

  it('refuses a body in an unsupported media type', async () => {
    const res = await request(app()).post('/widgets/top').set('content-type', 'text/plain').send('name=bolt');
    expect(res.status).toBe(415);
  });

  it('renders domain errors and hides unexpected ones', async () => {
    const conflict = await request(app()).post('/widgets/top').send({ name: 'taken', size: 1 });
    expect(conflict.status).toBe(409);
    expect(conflict.body.detail).toContain('already exists');
    const boom = await request(app()).post('/widgets/top').send({ name: 'boom', size: 1 });
    expect(boom.status).toBe(500);
    expect(JSON.stringify(boom.body)).not.toMatch(/hunter2|at .*\.ts/);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await request(app()).get('/nothing');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });

  it('reports readiness from its checks', async () => {
    expect((await request(app(true)).get('/readyz')).status).toBe(200);
    const down = await request(app(false)).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.body.checks).toEqual({ database: false });
  });

  it('publishes an OpenAPI 3.1 document generated from the guards', async () => {
    const res = await request(app()).get('/openapi.json');
    expect(res.body.openapi).toBe('3.1.0');
    const op = res.body.paths['/widgets/{shelf}'].post;
    expect(op.operationId).toBe('createWidget');
    expect(op.parameters[0]).toMatchObject({ name: 'shelf', in: 'path', required: true });
    expect(op.requestBody.content['application/json'].schema.required).toEqual(['name', 'size']);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['201', '400', '409']));
  });
});
