/** Writes that readers never see half done: a file or a whole folder appears complete, or not at all. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Write next to the target, then rename over it. */
export function writeFileAtomically(file: string, contents: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

/** Put the finished folder `staging` in the place of `target` (which may not exist yet). */
export function replaceFolder(staging: string, target: string): void {
  const old = `${target}.old-${process.pid}`;
  if (fs.existsSync(target)) fs.renameSync(target, old);
  fs.renameSync(staging, target);
  fs.rmSync(old, { recursive: true, force: true });
}
