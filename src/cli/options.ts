/**
 * Command-line options from one typed list: node's util.parseArgs does the parsing (`--x v` and
 * `--x=v`), and the same list gives the help text, the defaults and the range checks. A mistake
 * is an OptionError that names the option and what would be right (scripts exit 2 on it).
 */
import { parseArgs } from 'node:util';
import { OptionError } from '../errors';

export type OptionSpec =
  | { type: 'string'; value: string; help: string; default?: string; choices?: readonly string[] }
  | { type: 'integer'; value?: string; help: string; default?: number; min: number; max?: number }
  | { type: 'number'; value?: string; help: string; default?: number; valid: (value: number) => boolean; expected: string }
  | { type: 'flag'; help: string };

type ValueOf<S extends OptionSpec> = S extends { type: 'flag' }
  ? boolean
  : S extends { type: 'integer' | 'number'; default: number }
    ? number
    : S extends { type: 'integer' | 'number' }
      ? number | undefined
      : S extends { default: string }
        ? string
        : string | undefined;

export type OptionValues<T extends Record<string, OptionSpec>> = { [K in keyof T]: ValueOf<T[K]> };

const flagOf = (name: string) => `--${name}`;
const placeholder = (spec: OptionSpec) => (spec.type === 'flag' ? '' : (spec.value ?? (spec.type === 'integer' ? 'N' : 'X')));

/**
 * Parse `argv` against `specs` (keys are the flags without "--"). Positional arguments are
 * allowed only when `positionals` says what they are (e.g. "notebook"); otherwise they are errors.
 */
export function parseOptions<T extends Record<string, OptionSpec>>(
  specs: T,
  argv: string[],
  positionals?: string,
): { values: OptionValues<T>; positionals: string[] } {
  const names = Object.keys(specs);
  const valid = `Valid options: ${names.map(flagOf).join(', ')}`;
  // "--epochs -1": parseArgs takes "-1" for an option; joined, the range check can say what is wrong.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const spec = argv[i].startsWith('--') ? specs[argv[i].slice(2)] : undefined;
    if (spec && (spec.type === 'integer' || spec.type === 'number') && /^-[\d.]/.test(argv[i + 1] ?? ''))
      args.push(`${argv[i]}=${argv[++i]}`);
    else args.push(argv[i]);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries(names.map((name) => [name, { type: specs[name].type === 'flag' ? 'boolean' : 'string' }])) as Record<
        string,
        { type: 'string' | 'boolean' }
      >,
      strict: true,
      allowPositionals: positionals !== undefined,
    });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const flag = /'(-[^' ]*)/.exec(message)?.[1] ?? '';
    const name = flag.replace(/^-+/, '');
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new OptionError(`unknown option "${flag}". ${valid}`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new OptionError(`unexpected argument "${/'([^']*)'/.exec(message)?.[1]}". ${valid}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && specs[name]?.type === 'flag')
      throw new OptionError(`${flagOf(name)} takes no value`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && specs[name])
      throw new OptionError(`${flagOf(name)} needs a value: ${flagOf(name)} ${placeholder(specs[name])}`);
    throw new OptionError(message.split('\n')[0]);
  }
  const values: Record<string, unknown> = {};
  for (const name of names) {
    const spec = specs[name];
    const raw = parsed.values[name];
    if (spec.type === 'flag') {
      values[name] = raw === true;
      continue;
    }
    if (raw === undefined) {
      values[name] = spec.default;
      continue;
    }
    const text = String(raw);
    const flag = flagOf(name);
    if (spec.type === 'string') {
      if (spec.choices && !spec.choices.includes(text))
        throw new OptionError(`${flag} must be one of ${spec.choices.join(', ')}; got "${text}"`);
      values[name] = text;
    } else if (spec.type === 'integer') {
      const value = Number(text);
      const range = spec.max === undefined ? `of at least ${spec.min}` : `from ${spec.min} to ${spec.max}`;
      if (text.trim() === '' || !Number.isInteger(value) || value < spec.min || (spec.max !== undefined && value > spec.max))
        throw new OptionError(`${flag} must be a whole number ${range}, got "${text}"`);
      values[name] = value;
    } else {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value) || !spec.valid(value))
        throw new OptionError(`${flag} must be ${spec.expected}, got "${text}"`);
      values[name] = value;
    }
  }
  return { values: values as OptionValues<T>, positionals: parsed.positionals };
}

/** The help text: `lines` first, then one line per option with its default. */
export function usage(specs: Record<string, OptionSpec>, lines: string[]): string {
  const left = (name: string) => `${flagOf(name)} ${placeholder(specs[name])}`.trimEnd();
  const width = Math.max(...Object.keys(specs).map((name) => left(name).length));
  return [
    ...lines,
    '',
    ...Object.entries(specs).map(([name, spec]) => {
      const shown = spec.type === 'flag' || spec.default === undefined ? '' : ` (default: ${spec.default})`;
      return `  ${left(name).padEnd(width)}  ${spec.help}${shown}`;
    }),
  ].join('\n');
}
