/**
 * Finds the command in `statqueue [global options] <command> [args]`. The global options
 * (`--rpc`, `--timeout`) may also come after the command; they are handed to it either way.
 */

/** Global options that take a value in the next argument. */
const GLOBAL_WITH_VALUE: ReadonlySet<string> = new Set(['--rpc', '--timeout']);

/** The command (undefined when none was given) and every other argument, globals first. */
export interface CommandLine {
  readonly command: string | undefined;
  readonly args: readonly string[];
}

export function splitCommandLine(argv: readonly string[]): CommandLine {
  const globals: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const tok = argv[i] as string;
    if (GLOBAL_WITH_VALUE.has(tok)) {
      globals.push(...argv.slice(i, i + 2));
      i += 2;
    } else if ([...GLOBAL_WITH_VALUE].some((g) => tok.startsWith(`${g}=`))) {
      globals.push(tok);
      i++;
    } else {
      return { command: tok, args: [...globals, ...argv.slice(i + 1)] };
    }
  }
  return { command: undefined, args: globals };
}
