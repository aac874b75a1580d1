import * as fs from 'node:fs';

/**
 * A CSV file written cell by cell through one reused 1 MiB buffer: no string of the whole file, and
 * no array or string per row (rows of a few million lines otherwise leave garbage that the
 * collector may keep until the end).
 */
class CsvWriter {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(2 ** 20);
  private used = 0;
  private first = true;

  constructor(file: string, header: readonly string[]) {
    this.fd = fs.openSync(file, 'w');
    for (const name of header) this.cell(name);
    this.endRow();
  }

  /** The next cell of the current row. */
  cell(value: string | number): void {
    // JSON.stringify spells a finite number as String() does, but String() also keeps the text in
    // V8's number-to-string cache, which lives long enough for millions of them to reach the old
    // generation (about 70 bytes a row at 2,000,000 rows, freed only by a full collection).
    const text = typeof value !== 'number' ? value : Number.isFinite(value) ? JSON.stringify(value) : String(value);
    // A cell is at most 3 bytes a UTF-16 unit, plus its comma.
    if (this.used + 3 * text.length + 1 > this.buffer.length) this.flush();
    if (!this.first) this.buffer[this.used++] = 0x2c;
    this.first = false;
    if (3 * text.length + 1 > this.buffer.length) {
      // Too long for the buffer: what is buffered (the comma included) goes first.
      this.flush();
      fs.writeSync(this.fd, text);
    } else {
      this.used += this.buffer.write(text, this.used);
    }
  }

  endRow(): void {
    if (this.used + 1 > this.buffer.length) this.flush();
    this.buffer[this.used++] = 0x0a;
    this.first = true;
  }

  /** Write what is buffered and close the file. */
  close(): void {
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
    }
  }

  private flush(): void {
    fs.writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }
}

/** A CSV of `count` rows, `writeRow(i, cell)` giving row i's cells in order; rows are asked for in order, 0 to count - 1. */
export function writeCsv(
  file: string,
  header: readonly string[],
  count: number,
  writeRow: (i: number, cell: (value: string | number) => void) => void,
): void {
  const writer = new CsvWriter(file, header);
  const cell = (value: string | number) => writer.cell(value);
  try {
    for (let i = 0; i < count; i++) {
      writeRow(i, cell);
      writer.endRow();
    }
  } finally {
    writer.close();
  }
}
