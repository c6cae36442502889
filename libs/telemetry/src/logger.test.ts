import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
  };
}

describe('createLogger', () => {
  it('writes structured lines with service and region, and redacts secrets', () => {
    const out = capture();
    const log = createLogger({ service: 'authentication', region: 'eu', destination: out.stream });
    log.info({ client_secret: 's3cr3t', body: { password: 'hunter2' }, user: 'u1' }, 'token issued');
    const [line] = out.lines();
    expect(line).toMatchObject({ service: 'authentication', region: 'eu', msg: 'token issued', user: 'u1' });
    expect(JSON.stringify(line)).not.toContain('s3cr3t');
    expect(JSON.stringify(line)).not.toContain('hunter2');
  });
});
