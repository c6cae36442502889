import { renderMessage } from './render';

const template = {
  subject: 'Hi {{user.name}}',
  html: '<p>Hi {{user.name}}{{#if code}}, code {{code}}{{/if}}</p>',
  text: 'Hi {{user.name}}{{#if code}}, code {{code}}{{/if}}',
};

describe('renderMessage', () => {
  it('escapes values in html but not in text', () => {
    const out = renderMessage(template, { 'user.name': '<script>alert(1)</script> & Co' });
    expect(out.html).toBe('<p>Hi &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</p>');
    expect(out.text).toBe('Hi <script>alert(1)</script> & Co');
  });

  it('keeps the subject on one line whatever the value holds', () => {
    const out = renderMessage(template, { 'user.name': 'Eve\r\nBcc: victim@example.com' });
    expect(out.subject).toBe('Hi Eve Bcc: victim@example.com');
  });

  it('renders conditionals and leaves missing values empty', () => {
    expect(renderMessage(template, { code: '123' }).text).toBe('Hi , code 123');
    expect(renderMessage(template, {}).text).toBe('Hi ');
  });
});
