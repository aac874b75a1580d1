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

/** True for the errors that describe a user's mistake (print the message, no stack trace). */
export function isUserError(error: unknown): error is DataError | OptionError {
  return error instanceof DataError || error instanceof OptionError;
}
