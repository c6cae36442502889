import type { ReceivedMessage } from './mailbox-store';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Plain text with its http(s) links made clickable; everything else escaped. */
export function linkify(text: string): string {
  return text
    .split(/(https?:\/\/[^\s<>"']+)/g)
    .map((part, i) =>
      i % 2 === 1
        ? `<a href="${escapeHtml(part)}" rel="noreferrer">${escapeHtml(part)}</a>`
        : escapeHtml(part),
    )
    .join('');
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ddd}
pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}iframe{width:100%;height:30rem;border:1px solid #ddd}`;

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function inboxPage(messages: ReceivedMessage[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to.join(', '))}</td>` +
        `<td><a href="/messages/${encodeURIComponent(m.id)}">${escapeHtml(m.subject || '(no subject)')}</a></td></tr>`,
    )
    .join('');
  return page(
    'Local mailbox',
    `<h1>Local mailbox</h1><p>${messages.length} message(s). JSON: <a href="/api/messages">/api/messages</a></p>` +
      `<table><tr><th>received</th><th>to</th><th>subject</th></tr>${rows}</table>`,
  );
}

/**
 * One message. The HTML part is shown in a sandboxed frame (no scripts, links open outside),
 * so a message cannot act on the mailbox page; the text part is escaped with its links live.
 */
export function messagePage(m: ReceivedMessage): string {
  const html = m.html
    ? `<h2>HTML</h2><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(m.html)}"></iframe>`
    : '';
  return page(
    m.subject,
    `<p><a href="/">&larr; inbox</a></p><h1>${escapeHtml(m.subject || '(no subject)')}</h1>` +
      `<p>From: ${escapeHtml(m.from)}<br>To: ${escapeHtml(m.to.join(', '))}<br>Message-ID: ${escapeHtml(m.messageId)}<br>Received: ${escapeHtml(m.receivedAt)}</p>` +
      `<h2>Text</h2><pre>${linkify(m.text)}</pre>${html}`,
  );
}
