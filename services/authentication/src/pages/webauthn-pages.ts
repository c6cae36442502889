import { html, page, SafeHtml, scriptHash } from '@idaas/pages';
import type { MessageKey, PageLook } from './messages';

/**
 * The one script of the passkey pages (allowed by its hash in the page's CSP): it turns the JSON
 * options the server made into what `navigator.credentials` takes, and the credential back into
 * JSON (base64url) in a hidden field, then submits the form; a plain POST with the flow's CSRF
 * token, as every other step. The CSP allows no fetch, so the form is the only way out.
 */
export const WEBAUTHN_SCRIPT = `(() => {
  const form = document.getElementById('webauthn-form');
  const error = document.getElementById('webauthn-error');
  const bytes = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const text = (b) => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  document.getElementById('webauthn-start').addEventListener('click', async () => {
    const o = JSON.parse(form.dataset.options);
    const create = form.dataset.ceremony === 'create';
    o.challenge = bytes(o.challenge);
    if (o.user) o.user.id = bytes(o.user.id);
    for (const c of [...(o.excludeCredentials || []), ...(o.allowCredentials || [])]) c.id = bytes(c.id);
    try {
      const cred = await navigator.credentials[create ? 'create' : 'get']({ publicKey: o });
      const r = cred.response;
      const response = create
        ? { clientDataJSON: text(r.clientDataJSON), attestationObject: text(r.attestationObject), transports: r.getTransports ? r.getTransports() : [] }
        : { clientDataJSON: text(r.clientDataJSON), authenticatorData: text(r.authenticatorData), signature: text(r.signature), ...(r.userHandle ? { userHandle: text(r.userHandle) } : {}) };
      form.elements.credential.value = JSON.stringify({ id: cred.id, rawId: text(cred.rawId), type: cred.type, response, clientExtensionResults: cred.getClientExtensionResults(), ...(cred.authenticatorAttachment ? { authenticatorAttachment: cred.authenticatorAttachment } : {}) });
      form.submit();
    } catch (e) {
      error.textContent = form.dataset.failed;
      error.hidden = false;
    }
  });
})();`;

export const WEBAUTHN_SCRIPT_HASHES = [scriptHash(WEBAUTHN_SCRIPT)];
/**
 * The element, built outside the page template: escaping, or a formatter touching the template,
 * would change the text its hash allows.
 */
const SCRIPT = new SafeHtml(`<script>${WEBAUTHN_SCRIPT}</script>`);

export interface PasskeyPageModel {
  action: string;
  csrfToken: string;
  /** `create` registers a passkey, `get` signs in with one. */
  ceremony: 'create' | 'get';
  /** The options the server made for this ceremony (JSON). */
  options: unknown;
  heading: MessageKey;
  explain: MessageKey;
  button: MessageKey;
  error?: MessageKey;
  /** Ways out of this page: another method, or back to the password. */
  links: { href: string; text: MessageKey }[];
  /** Registration asks for a name the user will recognise in their list. */
  labelPlaceholder?: string;
}

/** What one ceremony's form needs: where it posts, its CSRF token, the options, its button. */
export type PasskeyCeremonyModel = Pick<
  PasskeyPageModel,
  'action' | 'csrfToken' | 'ceremony' | 'options' | 'button' | 'error' | 'labelPlaceholder'
>;

/**
 * The form that runs one WebAuthn ceremony when the user presses its button, with its script:
 * one per page (the script finds it by id).
 */
export function passkeyCeremonyForm(look: PageLook, m: PasskeyCeremonyModel): SafeHtml {
  const { t } = look;
  return html`<form
      id="webauthn-form"
      method="post"
      action="${m.action}"
      data-ceremony="${m.ceremony}"
      data-options="${JSON.stringify(m.options)}"
      data-failed="${t('passkey.failed')}"
    >
      <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
      <input type="hidden" name="credential" value="" />
      ${
        m.labelPlaceholder !== undefined
          ? html`<label for="label">${t('passkey.label')}</label>
              <input
                id="label"
                name="label"
                type="text"
                maxlength="64"
                placeholder="${m.labelPlaceholder}"
              />`
          : ''
      }
      <p id="webauthn-error" class="error" role="alert" ${m.error ? '' : html` hidden`}>
        ${m.error ? t(m.error) : ''}
      </p>
      <button type="button" id="webauthn-start">${t(m.button)}</button>
    </form>
    <noscript><p class="error">${t('passkey.needs_script')}</p></noscript>
    ${SCRIPT}`;
}

/** A page that runs one WebAuthn ceremony when the user presses its button. */
export function passkeyPage(look: PageLook, m: PasskeyPageModel): SafeHtml {
  const { t } = look;
  return page(
    look,
    t(m.heading),
    html`<h1>${t(m.heading)}</h1>
      <p>${t(m.explain)}</p>
      ${passkeyCeremonyForm(look, m)}
      ${m.links.length ? html`<div class="links">${m.links.map((l) => html`<a href="${l.href}">${t(l.text)}</a>`)}</div>` : ''}`,
  );
}
