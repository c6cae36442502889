import { MongoServerError } from 'mongodb';

/** E11000: the unique index said no. Repositories turn it into a domain conflict. */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}
