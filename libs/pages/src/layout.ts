import type { Branding } from '@idaas/events';
import { html, SafeHtml } from './html';
import type { Translate } from './locale';

/** What every hosted page shows of the tenant: its name, logo, colours and language. */
export interface PageLook<K extends string = string> {
  productName: string;
  logoUrl: string | null;
  faviconUrl: string | null;
  colors: Branding['colors'];
  locale: string;
  t: Translate<K>;
}

/** Pages load nothing but the tenant's https images; no script, no framing. */
export const PAGE_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'; base-uri 'none'";

/** WCAG 2.1 relative luminance of an #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

/** Black or white, whichever reads better on the tenant's colour: tenants pick colours, not contrast. */
export const readableOn = (background: string): string =>
  contrast(background, '#ffffff') >= contrast(background, '#000000') ? '#ffffff' : '#000000';

/** The tenant's text colour when it contrasts enough (WCAG AA, 4.5:1) with its background, else black or white. */
const textOn = (text: string, background: string): string =>
  contrast(text, background) >= 4.5 ? text : readableOn(background);

const HEX = /^#[0-9a-fA-F]{6}$/;
const colour = (value: string, fallback: string): string => (HEX.test(value) ? value : fallback);

/** Raw CSS inside <style> is not entity-decoded, so only validated colours are interpolated. */
function styles<K extends string>(look: PageLook<K>): SafeHtml {
  const primary = colour(look.colors.primary, '#1a73e8');
  const background = colour(look.colors.background, '#ffffff');
  const text = colour(look.colors.text, '#202124');
  const fg = textOn(text, background);
  const onPrimary = readableOn(primary);
  // The link colour is the primary colour only where it stays readable on the background.
  const link = contrast(primary, background) >= 4.5 ? primary : fg;
  return new SafeHtml(`
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:${background};color:${fg};font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:26rem;margin:2rem 1rem;padding:2rem;border:1px solid color-mix(in srgb,${fg} 20%,transparent);border-radius:12px;background:${background};box-shadow:0 2px 12px rgba(0,0,0,.08)}
.brand{display:flex;align-items:center;gap:.75rem;margin-bottom:1.25rem}
.brand img{max-height:40px;max-width:160px}
.brand span{font-weight:600;font-size:1.1rem}
h1{font-size:1.4rem;margin:0 0 1.25rem}
label{display:block;font-weight:600;margin:1rem 0 .3rem}
input[type=email],input[type=password],input[type=text]{width:100%;padding:.65rem .75rem;font:inherit;color:${fg};background:${background};border:1px solid color-mix(in srgb,${fg} 55%,transparent);border-radius:8px}
button{display:block;width:100%;margin-top:1.5rem;padding:.7rem;font:inherit;font-weight:600;color:${onPrimary};background:${primary};border:1px solid ${primary};border-radius:8px;cursor:pointer}
button.secondary{margin-top:.75rem;color:${fg};background:transparent;border-color:color-mix(in srgb,${fg} 55%,transparent)}
a{color:${link}}
:focus-visible{outline:3px solid ${link};outline-offset:2px}
.error{margin:1rem 0 0;padding:.6rem .75rem;border-radius:8px;border:1px solid #b3261e;background:#fdecea;color:#8c1d18}
.hint{margin:0 0 .3rem;font-size:.9rem}
.links{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem 1rem;margin-top:1.25rem;font-size:.95rem}
.links a{white-space:nowrap}
ul{padding-left:1.25rem}
`);
}

/** The frame of every hosted page: language, title, the tenant's look, and no script at all. */
export function page<K extends string>(look: PageLook<K>, title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
    <html lang="${look.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} – ${look.productName}</title>
        ${look.faviconUrl ? html`<link rel="icon" href="${look.faviconUrl}" />` : ''}
        <style>
          ${styles(look)}
        </style>
      </head>
      <body>
        <main>
          <div class="brand">
            ${look.logoUrl ? html`<img src="${look.logoUrl}" alt="${look.productName}" />` : html`<span>${look.productName}</span>`}
          </div>
          ${body}
        </main>
      </body>
    </html>`;
}
