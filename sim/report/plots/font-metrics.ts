import { readFileSync } from 'node:fs';

/**
 * Advance widths of a TrueType font, read from its cmap (format 4, Unicode BMP), hmtx, hhea and
 * head tables. vega lays out axes, legends and titles from text widths; with no canvas in Node it
 * guesses 0.8 em per character, far wider than DejaVu Sans, which leaves gaps and misplaced
 * labels. Measuring with the very font resvg draws with makes the layout fit the PNG.
 */
export class FontMetrics {
  private readonly advance: Uint16Array;
  private readonly unitsPerEm: number;
  private readonly glyphOf: (codePoint: number) => number;

  constructor(file: string) {
    const font = readFileSync(file);
    const tables = new Map<string, number>();
    const numTables = font.readUInt16BE(4);
    for (let i = 0; i < numTables; i++) {
      const record = 12 + 16 * i;
      tables.set(font.toString('latin1', record, record + 4), font.readUInt32BE(record + 8));
    }
    const table = (tag: string) => {
      const offset = tables.get(tag);
      if (offset === undefined) throw new Error(`${file}: no ${tag} table`);
      return offset;
    };
    this.unitsPerEm = font.readUInt16BE(table('head') + 18);
    const metrics = font.readUInt16BE(table('hhea') + 34);
    const hmtx = table('hmtx');
    this.advance = Uint16Array.from({ length: metrics }, (_, g) => font.readUInt16BE(hmtx + 4 * g));
    this.glyphOf = bmpCmap(font, table('cmap'), file);
  }

  /** Whether the font has a glyph for every character of `text`. */
  covers(text: string): boolean {
    for (const ch of text) if (this.glyphOf(ch.codePointAt(0)!) === 0) return false;
    return true;
  }

  /** Width of `text` in pixels at `fontSize` (no kerning: a pixel or two over a long title). */
  width(text: string, fontSize: number): number {
    let units = 0;
    for (const ch of text) {
      const glyph = this.glyphOf(ch.codePointAt(0)!);
      units += this.advance[Math.min(glyph, this.advance.length - 1)]!;
    }
    return (units / this.unitsPerEm) * fontSize;
  }
}

/** Code point → glyph through the Windows Unicode BMP subtable (format 4); glyph 0 (.notdef) when missing. */
function bmpCmap(font: Buffer, cmap: number, file: string): (codePoint: number) => number {
  const count = font.readUInt16BE(cmap + 2);
  let sub = -1;
  for (let i = 0; i < count; i++) {
    const record = cmap + 4 + 8 * i;
    if (font.readUInt16BE(record) === 3 && font.readUInt16BE(record + 2) === 1) sub = cmap + font.readUInt32BE(record + 4);
  }
  if (sub < 0 || font.readUInt16BE(sub) !== 4) throw new Error(`${file}: no format-4 Unicode cmap`);
  const segments = font.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (codePoint) => {
    if (codePoint > 0xffff) return 0;
    for (let s = 0; s < segments; s++) {
      if (font.readUInt16BE(ends + 2 * s) < codePoint) continue;
      const start = font.readUInt16BE(starts + 2 * s);
      if (start > codePoint) return 0;
      const delta = font.readUInt16BE(deltas + 2 * s);
      const rangeOffsetAt = rangeOffsets + 2 * s;
      const rangeOffset = font.readUInt16BE(rangeOffsetAt);
      if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
      const glyph = font.readUInt16BE(rangeOffsetAt + rangeOffset + 2 * (codePoint - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}
