// The browser-side helpers live in tools/dev, so the benchmark drives the hosted pages the same way.
export * from '@idaas/dev/src/hosted-pages';
