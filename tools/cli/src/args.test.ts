import { listOption, parseArgs } from './args';

describe('parseArgs', () => {
  it('splits words and options in both spellings', () => {
    expect(parseArgs(['apps', 'create', '--tenant', 't1', '--kind=web', '--dry-run'])).toEqual({
      words: ['apps', 'create'],
      options: { tenant: 't1', kind: 'web', 'dry-run': 'true' },
    });
  });

  it('reads comma-separated lists', () => {
    expect(listOption('https://a.example/cb, https://b.example/cb')).toEqual([
      'https://a.example/cb',
      'https://b.example/cb',
    ]);
    expect(listOption(undefined)).toBeUndefined();
  });
});
