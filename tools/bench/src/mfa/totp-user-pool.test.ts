import { TotpUserPool, usersFor } from './totp-user-pool';

const user = (n: number, lastStep: number) => ({ email: `u${n}@bench.example`, secret: 'S', lastStep });

describe('TotpUserPool', () => {
  it('never hands out a user twice in one time step, nor one already signing in', () => {
    const pool = new TotpUserPool();
    pool.add(user(1, 9));
    pool.add(user(2, 9));
    const a = pool.take(10)!;
    const b = pool.take(10)!;
    expect(new Set([a.email, b.email]).size).toBe(2);
    // Both are signing in: none left, even in a later step.
    expect(pool.take(11)).toBeUndefined();
    pool.give(a, 10);
    // a used a code of step 10: not again in step 10, again in step 11.
    expect(pool.take(10)).toBeUndefined();
    expect(pool.availableAt(10)).toBe(0);
    expect(pool.availableAt(11)).toBe(1);
    expect(pool.take(11)).toBe(a);
  });

  it('keeps the last step of a user whose sign-in failed before a code was sent', () => {
    const pool = new TotpUserPool();
    pool.add(user(1, 9));
    const a = pool.take(10)!;
    pool.give(a);
    expect(pool.take(10)).toBe(a);
  });

  it('hands out users added after many sign-ins in this step before those users', () => {
    const pool = new TotpUserPool();
    for (let n = 0; n < 100; n++) pool.add(user(n, 9));
    const used = Array.from({ length: 100 }, () => pool.take(10)!);
    for (const u of used) pool.give(u, 10);
    expect(pool.take(10)).toBeUndefined();
    pool.add(user(100, 9));
    expect(pool.take(10)?.email).toBe('u100@bench.example');
  });

  it('finds a free user behind one that signed in later', () => {
    const pool = new TotpUserPool();
    pool.add(user(1, 9));
    pool.add(user(2, 9));
    const first = pool.take(10)!;
    const second = pool.take(10)!;
    pool.give(first, 12);
    pool.give(second);
    expect(pool.take(10)).toBe(second);
    expect(pool.total).toBe(2);
    expect(pool.users.map((u) => u.email)).toEqual(['u1@bench.example', 'u2@bench.example']);
  });
});

describe('usersFor', () => {
  it('covers a whole step of arrivals with a margin', () => {
    expect(usersFor(100, 30)).toBe(3310);
    expect(usersFor(40, 20)).toBe(890);
  });
});
