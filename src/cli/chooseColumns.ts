/** Which columns of a CSV the command line forecasts from: the target and the input features. */
import { DataError, OptionError, readHeader, TUTORIAL } from '../index';

/** The options that choose columns: the file, its date column, and what the user named. */
export interface ColumnArgs {
  csv: string;
  date?: string;
  /** The delimiter (one character); detected when absent. */
  delimiter?: string;
  target?: string;
  /** A comma-separated list, as given to --features. */
  features?: string;
}

export interface ChosenColumns {
  target: string;
  features: string[];
  note?: string;
  /** The delimiter the file is read with. */
  delimiter: string;
}

/**
 * Target and features: as given; else the tutorial's default features that the file has, naming
 * the missing ones; else, when it has none of them, the target's own past. `note` says which
 * default was taken, for the user.
 */
export function chooseColumns(args: ColumnArgs): ChosenColumns {
  const { columns, dateColumn, delimiter } = readHeader(args.csv, args.date, args.delimiter);
  const wantedFeatures = args.features
    ?.split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const has = (name: string) => columns.some((c) => c.toLowerCase() === name.toLowerCase());
  const numeric = columns.filter((c) => c !== dateColumn);
  if (numeric.length === 0) {
    throw new DataError(
      `${args.csv}: no numeric column besides the date column "${dateColumn}"${columns.length === 1 && /[\t;|,]/.test(columns[0]) ? ` (the header is one field, "${columns[0]}": give the file's delimiter with --delimiter)` : ''}`,
    );
  }
  let target = args.target;
  if (target === undefined) {
    if (has(TUTORIAL.data.target)) target = TUTORIAL.data.target;
    else if (numeric.length === 1) target = numeric[0];
    else
      throw new OptionError(
        `${args.csv}: no "${TUTORIAL.data.target}" column; choose the target with --target, one of ${numeric.map((n) => `"${n}"`).join(', ')}`,
      );
  }
  if (wantedFeatures?.length) return { target, features: wantedFeatures, delimiter };
  const defaults = TUTORIAL.data.features;
  const present = defaults.filter(has);
  const missing = defaults.filter((name) => !has(name));
  const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ');
  if (missing.length === 0) return { target, features: [...defaults], delimiter };
  if (present.length > 0) {
    return {
      target,
      delimiter,
      features: present,
      note: `${args.csv}: no ${quoted(missing)} column${missing.length > 1 ? 's' : ''}, so the features are the default ones it has: ${present.join(', ')} (choose others with --features)`,
    };
  }
  return {
    target,
    delimiter,
    features: [target],
    note: `${args.csv}: none of the default feature columns (${quoted(defaults)}), so the past of "${target}" is the only feature (choose others with --features)`,
  };
}
