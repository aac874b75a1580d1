/** A problem with the user's data file: the message names the file, and the row and column where known. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** An option out of range or of the wrong kind: the message names the option and what would be right. */
export class OptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptionError';
  }
}

/** Something `npm run setup` provides is missing (Jupyter, Chromium): the message says how to get it. */
export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupError';
  }
}

/** True for the errors the user can put right (print the message, no stack trace). */
export function isUserError(error: unknown): error is DataError | OptionError | SetupError {
  return error instanceof DataError || error instanceof OptionError || error instanceof SetupError;
}
