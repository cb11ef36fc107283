/**
 * The command-line entry points' shared first step: parse the arguments, or print what was wrong
 * and the usage line (the caller then exits with status 2).
 */

/** `parse(process.argv.slice(2))`, or undefined after printing its error and `usage`. */
export function parsedArguments<T>(parse: (args: string[]) => T, usage: string): T | undefined {
  try {
    return parse(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
    return undefined;
  }
}
