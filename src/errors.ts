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

/** A result that cannot be written where the user asked: the message names the path and the reason. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** Training that went numerically wrong (the loss is NaN or infinite): the message says where, and what to try. */
export class TrainingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingError';
  }
}

/** True for the errors the user can put right (print the message, no stack trace). */
export function isUserError(error: unknown): error is DataError | OptionError | SetupError | OutputError | TrainingError {
  return (
    error instanceof DataError ||
    error instanceof OptionError ||
    error instanceof SetupError ||
    error instanceof OutputError ||
    error instanceof TrainingError
  );
}
