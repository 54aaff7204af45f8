/** Where a command writes: standard output and standard error (tests capture both). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Directory relative paths are read from. */
  cwd: string;
}

/** The process's own streams. */
export const processIo: CliIo = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
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
