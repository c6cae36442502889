import { signatureOf, webhookSignature } from './signature';

// The reference vector of the Standard Webhooks libraries.
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  message: { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}' },
  expected: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('Standard Webhooks signature', () => {
  it('matches the reference vector', () => {
    expect(signatureOf(vector.message, vector.secret)).toBe(vector.expected);
  });

  it('changes with the id, the timestamp and the body', () => {
    const { message, secret } = vector;
    for (const changed of [
      { ...message, id: 'msg_other' },
      { ...message, timestamp: message.timestamp + 1 },
      { ...message, body: '{"test": 2432232315}' },
    ]) {
      expect(signatureOf(changed, secret)).not.toBe(vector.expected);
    }
  });

  it('signs with every valid secret during a rotation, space separated', () => {
    const other = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const header = webhookSignature(vector.message, [vector.secret, other]);
    expect(header.split(' ')).toEqual([vector.expected, signatureOf(vector.message, other)]);
  });

  it('refuses to sign without a secret', () => {
    expect(() => webhookSignature(vector.message, [])).toThrow();
  });
});
