// Shared with the lifecycle service's recovery emails (libs/user-store).
export { messageRequest, type MessageRequestSource } from '@idaas/user-store';
