import { createHash } from 'node:crypto';
import type { Response } from 'express';
import type { SafeHtml } from './html';
import { PAGE_SECURITY_POLICY } from './layout';

/** Sends a hosted page: never cached, never framed, no script unless its hash is allowed. */
export function sendPage(res: Response, status: number, body: SafeHtml, scriptHashes: string[] = []): void {
  const scripts = scriptHashes.length ? `; script-src ${scriptHashes.map((h) => `'${h}'`).join(' ')}` : '';
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': PAGE_SECURITY_POLICY + scripts,
    })
    .send(body.value);
}

export const scriptHash = (script: string): string =>
  `sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}`;
