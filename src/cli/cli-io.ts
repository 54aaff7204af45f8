/** Where a command writes: standard output and standard error (tests capture both). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Directory relative paths are read from. */
  cwd: string;
}

/**
 * Text as a terminal shows it literally: control characters other than tab and line feed (ESC
 * starts the escape sequences that recolour, retitle or hyperlink a terminal; a lone carriage
 * return overwrites the line) become U+FFFD. They reach the output from policy files whose
 * characters IAM leaves to the service (a bucket policy's Sid) and from arguments. JSON, SARIF
 * and Markdown output never holds them raw (JSON escapes them, the Markdown escaper removes them).
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it replaces
  return text.replace(/\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\uFFFD');
}

/** The process's own streams. */
export const processIo: CliIo = {
  out: (t) => process.stdout.write(`${terminalSafe(t)}\n`),
  err: (t) => process.stderr.write(`${terminalSafe(t)}\n`),
  get cwd() {
    return process.cwd();
  },
};

/** A mistake in how the command was called: printed with the command's help, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes of every command. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
