export type Log = (msg: string) => void;

/**
 * stderr, so that progress lines never mix into a command's machine-readable stdout. Written to the
 * stream rather than console.error, which jest decorates with a stack trace per line.
 */
export const defaultLog: Log = (msg) => {
  process.stderr.write(`${msg}\n`);
};
