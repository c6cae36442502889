/** What one HTTP attempt came to. */
export interface SendResult {
  ok: boolean;
  statusCode?: number;
  error?: string;
  latencyMs: number;
}

export type Send = (
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
) => Promise<SendResult>;

/**
 * One server-to-server POST to a URL someone registered (a webhook receiver, an application's
 * back-channel logout endpoint). Only a 2xx counts as received: redirects are not followed (a
 * receiver that moved must update its registration, so a signed message never lands somewhere
 * nobody registered).
 */
export const httpSend: Send = async (url, body, headers, timeoutMs) => {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The answer's body is of no use; drain it so the connection can be reused.
    await res.arrayBuffer().catch(() => undefined);
    return { ok: res.status >= 200 && res.status < 300, statusCode: res.status, latencyMs: latency() };
  } catch (e) {
    const error =
      e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describe(e);
    return { ok: false, error, latencyMs: latency() };
  }
};

function describe(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : undefined;
  const code = cause && 'code' in cause ? String(cause.code) : undefined;
  return (code ?? cause?.message ?? (e instanceof Error ? e.message : String(e))).slice(0, 200);
}
