import { Problems } from '@idaas/http';

/** Pipeline step around a versioned save: losing a race to another writer is a 409, not a 500. */
export function staleIsConflict(stale: new (...args: never[]) => Error) {
  return async <T>(save: () => Promise<T>): Promise<T> => {
    try {
      return await save();
    } catch (e) {
      if (e instanceof stale) throw Problems.conflict('Changed concurrently; read it again.');
      throw e;
    }
  };
}
