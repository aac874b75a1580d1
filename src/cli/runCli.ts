/**
 * What every command line shares: parse the options, answer --help, run, and turn what went wrong
 * into an exit code. 0 done; 2 what the user can put right (bad input or options, a machine not
 * set up: its message, no stack trace); 1 a bug (the stack trace, said to be one). A command may
 * end with a code of its own: the checks return 1 when a check failed.
 */
import { isUserError } from '../errors';
import { parseOptions, usage, type OptionSpec, type OptionValues } from './options';

export interface Cli<T extends Record<string, OptionSpec>> {
  /** The command's name, before each error message ("forecast: ..."). */
  name: string;
  options: T;
  /** The lines of the help text before the options. */
  help: string[];
  /** What the arguments after the options are (e.g. "notebook"); without it they are errors. */
  positional?: string;
  /** Runs the command; a number it resolves to is the exit code. */
  run: (args: OptionValues<T>, positionals: string[]) => Promise<unknown>;
  /** Runs after the command, however it ended (stop a browser, ...). */
  cleanUp?: () => Promise<void>;
}

/** Run `cli` on `argv` (without node and the script); resolves to the exit code. */
export async function runCli<T extends Record<string, OptionSpec>>(cli: Cli<T>, argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseOptions(cli.options, argv, cli.positional);
    if ((values as { help?: boolean }).help) {
      console.log(usage(cli.options, cli.help));
      return 0;
    }
    const code = await cli.run(values, positionals);
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    if (isUserError(error)) {
      console.error(`${cli.name}: ${error.message}`);
      return 2;
    }
    console.error(`${cli.name}: this is a bug, please report it with the command that caused it:`);
    console.error(error);
    return 1;
  } finally {
    await cli.cleanUp?.();
  }
}
