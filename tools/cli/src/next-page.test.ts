import { parseArgs } from './args';
import { nextPageCommand } from './next-page';

describe('nextPageCommand', () => {
  const args = parseArgs(['webhooks', 'dead-letters', '--tenant', 't1', '--limit', '2', '--cursor', 'old']);

  it('repeats the command with the answer’s next as its cursor', () => {
    expect(nextPageCommand(args, { items: [], next: 'MjAyNS0wMS0wMQ' })).toBe(
      'idaas webhooks dead-letters --tenant t1 --limit 2 --cursor MjAyNS0wMS0wMQ',
    );
  });

  it('quotes what a shell would otherwise split or expand', () => {
    expect(nextPageCommand(args, { items: [], next: "a b'$c" })).toBe(
      `idaas webhooks dead-letters --tenant t1 --limit 2 --cursor 'a b'\\''$c'`,
    );
  });

  it('says nothing on the last page', () => {
    expect(nextPageCommand(args, { items: [] })).toBeUndefined();
    expect(nextPageCommand(args, undefined)).toBeUndefined();
  });
});
