// The /me caller check lives in libs/http: the registration service serves /me routes too.
export { meCaller, meCallerWithToken, type MeCallerDeps } from '@idaas/http';
