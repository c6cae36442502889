import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { LinesBrokeOff } from './import-run';

/**
 * The lines of an upload as they arrive, with the stream's backpressure: the next chunk is read
 * when the import asks for more lines. An upload that ends before it is complete (the client went
 * away) throws LinesBrokeOff after its last whole line.
 */
export async function* uploadLines(body: Readable & { complete?: boolean }): AsyncGenerator<string> {
  const lines = createInterface({ input: body, crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } catch {
    throw new LinesBrokeOff();
  }
  if (body.complete === false) throw new LinesBrokeOff();
}
