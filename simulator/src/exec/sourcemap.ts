/**
 * Map from offsets in preprocessed text back to the driver's original files: one entry per output
 * token (output offset → file index + source offset), looked up by binary search. Tree-sitter node
 * start offsets of the preprocessed text resolve to `file:line:column` of the code as written
 * (for macro-generated code: the invocation of the outermost macro).
 */
import type { SourceLocation } from './errors';
import { lineCol, lineStarts } from './pplex';

/** A source file known to a source map. */
export interface MappedFile {
  /** The name used in messages. */
  readonly name: string;
  readonly text: string;
}

export class SourceMap {
  private readonly starts: (number[] | undefined)[];

  constructor(
    readonly files: readonly MappedFile[],
    private readonly outOffsets: Int32Array,
    private readonly fileIndex: Int32Array,
    private readonly srcOffsets: Int32Array,
  ) {
    this.starts = files.map(() => undefined);
  }

  /** Number of mapped tokens. */
  get size(): number {
    return this.outOffsets.length;
  }

  /** Original location of the preprocessed-text offset `out`. */
  lookup(out: number): SourceLocation {
    const n = this.outOffsets.length;
    if (!n) return { file: '<empty>', line: 1, column: 1 };
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.outOffsets[mid]! <= out) lo = mid;
      else hi = mid - 1;
    }
    return this.locate(this.fileIndex[lo]!, this.srcOffsets[lo]!);
  }

  /** Location of a source offset in file `f`. */
  locate(f: number, off: number): SourceLocation {
    const file = this.files[f];
    if (!file) return { file: '<unknown>', line: 1, column: 1 };
    let s = this.starts[f];
    if (!s) this.starts[f] = s = lineStarts(file.text);
    const lc = lineCol(s, Math.min(off, file.text.length));
    return { file: file.name, line: lc.line, column: lc.column };
  }
}
