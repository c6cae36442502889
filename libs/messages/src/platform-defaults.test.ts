import { MESSAGE_KINDS, sampleValues } from './kinds';
import { platformDefaultTemplate } from './platform-defaults';
import { renderMessage } from './render';
import { validateTemplate } from './validate-template';

describe('platform default templates', () => {
  it.each(MESSAGE_KINDS)('%s passes its own validation', (kind) => {
    expect(validateTemplate(kind, platformDefaultTemplate(kind))).toEqual([]);
  });

  it.each(MESSAGE_KINDS)('%s renders its sample values', (kind) => {
    const out = renderMessage(platformDefaultTemplate(kind), sampleValues(kind));
    expect(out.subject).toContain('Acme');
    expect(out.text).toContain('Acme');
    expect(out.html).not.toContain('{{');
  });
});
