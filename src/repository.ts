/** The repository's root folder, found from this file's place in it (src/ when run by tsx, build/ when compiled: both sit in the root). */
import * as path from 'node:path';

export const REPOSITORY = path.resolve(__dirname, '..');
