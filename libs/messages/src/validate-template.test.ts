import { validateTemplate } from './validate-template';
import type { MessageTemplate } from './template';

const good: MessageTemplate = {
  subject: 'Verify your address for {{tenant.name}}',
  html: '<p>Hi {{user.name}}, <a href="{{link}}">verify</a>{{#if code}} or type {{code}}{{/if}}.</p>',
  text: 'Hi {{user.name}}, open {{link}}{{#unless code}}.{{else}} or type {{code}}.{{/unless}}',
};

const problems = (change: Partial<MessageTemplate>) =>
  validateTemplate('verification', { ...good, ...change });

describe('validateTemplate', () => {
  it("accepts a template using only its kind's variables, escaped, with #if/#unless/else", () => {
    expect(problems({})).toEqual([]);
  });

  it('names an unknown variable and where it is', () => {
    expect(problems({ text: 'Open {{link}} now, {{user.nickname}}' })).toEqual([
      { part: 'text', message: 'unknown variable {{user.nickname}} (line 1, column 20)' },
    ]);
  });

  it("refuses a variable another kind offers but this one doesn't", () => {
    expect(problems({ subject: 'From {{inviterName}}' })).toEqual([
      { part: 'subject', message: expect.stringContaining('unknown variable {{inviterName}}') },
    ]);
  });

  it('refuses a body without a required variable', () => {
    expect(problems({ html: '<p>Hello {{user.name}}</p>' })).toEqual([
      { part: 'html', message: expect.stringContaining('missing required variable {{link}}') },
    ]);
  });

  it.each([
    ['triple-stash', '<p>{{{link}}}</p>'],
    ['ampersand', '<p>{{& link}}</p>'],
  ])('refuses unescaped output (%s)', (_name, html) => {
    expect(problems({ html })).toEqual([
      { part: 'html', message: expect.stringContaining('unescaped output') },
    ]);
  });

  it.each([
    ['a partial', 'Open {{link}} {{> footer}}', 'partials are not allowed'],
    ['a helper call', 'Open {{link}} {{lookup user "name"}}', 'helpers are not allowed'],
    ['an #each block', 'Open {{link}} {{#each user}}x{{/each}}', 'not {{#each}}'],
    ['a data variable', 'Open {{link}} {{@root.link}}', 'unknown variable {{@root.link}}'],
    ['a parent path', 'Open {{link}} {{../link}}', 'unknown variable {{../link}}'],
  ])('refuses %s', (_name, text, message) => {
    expect(problems({ text })).toEqual([{ part: 'text', message: expect.stringContaining(message) }]);
  });

  it('refuses a condition on an unknown variable', () => {
    expect(problems({ text: 'Open {{link}}{{#if admin}}!{{/if}}' })).toEqual([
      { part: 'text', message: expect.stringContaining('unknown variable {{admin}}') },
    ]);
  });

  it('reports bad Handlebars syntax with its line', () => {
    const found = problems({ text: 'Open {{link}}\n{{#if code}}never closed' });
    expect(found).toEqual([
      { part: 'text', message: expect.stringMatching(/^template syntax: Parse error on line 2/) },
    ]);
  });

  it('refuses misnested markup, naming the element left open', () => {
    expect(problems({ html: '<p><b>{{link}}</p>' })).toEqual([
      { part: 'html', message: 'markup: <b> at line 1, column 4 is never closed' },
    ]);
  });

  it('refuses an unclosed tag with the parser error code', () => {
    expect(problems({ html: '<p>{{link}}</p>\n<div' })).toEqual([
      { part: 'html', message: 'markup: eof-in-tag at line 2, column 5' },
    ]);
  });

  it('refuses an end tag that closes nothing', () => {
    expect(problems({ html: '<p>{{link}}</p></div>' })).toEqual([
      { part: 'html', message: 'markup: </div> at line 1, column 16 closes nothing' },
    ]);
  });

  it('accepts void elements and comments mentioning tags', () => {
    expect(
      problems({ html: '<p>{{link}}<br><img src="https://x.example/a.png" alt=""></p><!-- </td> -->' }),
    ).toEqual([]);
  });

  it('wants the subject on one line of at most 200 characters', () => {
    expect(problems({ subject: 'Two\nlines' })).toEqual([
      { part: 'subject', message: 'must be a single line' },
    ]);
    expect(problems({ subject: 'x'.repeat(201) })).toEqual([
      { part: 'subject', message: 'at most 200 characters' },
    ]);
  });
});
