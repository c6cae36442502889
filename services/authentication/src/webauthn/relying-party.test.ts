import { relyingPartyOf, webauthnAmr } from './relying-party';

describe('relyingPartyOf', () => {
  it("is the region's host name and origin, whatever the tenant", () => {
    expect(relyingPartyOf('https://eu.id.example.com/t/acme')).toEqual({
      rpID: 'eu.id.example.com',
      origin: 'https://eu.id.example.com',
    });
    expect(relyingPartyOf('http://localhost:4100/t/acme')).toEqual({
      rpID: 'localhost',
      origin: 'http://localhost:4100',
    });
  });

  it('is none for a region served from an IP address (an RP ID must be a domain)', () => {
    expect(relyingPartyOf('http://127.0.0.1:4100/t/acme')).toBeUndefined();
    expect(relyingPartyOf('http://[::1]:4100/t/acme')).toBeUndefined();
  });
});

describe('webauthnAmr', () => {
  it('after the password: pwd, the kind of key, user presence and mfa', () => {
    expect(webauthnAmr({ afterPassword: true, userVerified: false, deviceType: 'singleDevice' })).toEqual([
      'pwd',
      'hwk',
      'user',
      'mfa',
    ]);
  });

  it('a synced passkey is a software-secured key', () => {
    expect(webauthnAmr({ afterPassword: true, userVerified: true, deviceType: 'multiDevice' })).toContain(
      'swk',
    );
  });

  it('alone it is multi-factor only with user verification', () => {
    expect(webauthnAmr({ afterPassword: false, userVerified: true, deviceType: 'singleDevice' })).toEqual([
      'hwk',
      'user',
      'mfa',
    ]);
    expect(webauthnAmr({ afterPassword: false, userVerified: false, deviceType: 'singleDevice' })).toEqual([
      'hwk',
      'user',
    ]);
  });
});
