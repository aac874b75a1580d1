/**
 * What every command line shares: parse the options, answer --help, run, and turn what went wrong
 * into an exit code. 0 done; 2 a user's mistake (bad input or options: its message, no stack
 * trace); 1 a bug (the stack trace, said to be one).
 */
import { isUserError } from '../errors';
import { parseOptions, usage, type OptionSpec, type OptionValues } from './options';

export interface Cli<T extends Record<string, OptionSpec>> {
  /** The command's name, before each error message ("forecast: ..."). */
  name: string;
  options: T;
  /** The lines of the help text before the options. */
  help: string[];
  run: (args: OptionValues<T>) => Promise<void>;
  /** Runs after the command, however it ended (stop a browser, ...). */
  cleanUp?: () => Promise<void>;
}

/** Run `cli` on `argv` (without node and the script); resolves to the exit code. */
export async function runCli<T extends Record<string, OptionSpec>>(cli: Cli<T>, argv: string[]): Promise<number> {
  try {
    const { values } = parseOptions(cli.options, argv);
    if ((values as { help?: boolean }).help) {
      console.log(usage(cli.options, cli.help));
      return 0;
    }
    await cli.run(values);
    return 0;
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
