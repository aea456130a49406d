/** A command line the CLI cannot run (unknown option, bad value, missing argument): exit code 2. */
export class UsageError extends Error {
  override get name(): string {
    return 'UsageError';
  }

  constructor(message: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Exit codes of every `statqueue` command. */
export const ExitCode = {
  OK: 0,
  /** The engine answered with an error, could not be reached, or the load had errors. */
  FAILED: 1,
  /** The command line itself is wrong. */
  USAGE: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
