export { escapeHtml, html, SafeHtml } from './html';
export { page, PAGE_SECURITY_POLICY, readableOn } from './layout';
export type { PageLook } from './layout';
export { pageCatalog, pickLocale } from './locale';
export type { Translate } from './locale';
export { pageLook } from './look';
export type { PageTenant } from './look';
export { scriptHash, sendPage } from './send-page';
export { readCookie } from './cookies';
