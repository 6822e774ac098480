/*
 * A minimal PDF writer for the demo's dossier: one A4 page of text lines in Helvetica, a
 * cross-reference table with exact byte offsets, and nothing else. The standard fonts carry no
 * Vietnamese glyphs without embedding a font, so the text is written without its diacritics
 * ("Biên bản nghiệm thu" becomes "Bien ban nghiem thu"); the document's title in the engine keeps them.
 */

/** Points of an A4 page (210 × 297 mm). */
const A4 = { width: 595, height: 842 } as const;
const MARGIN = 56;
const TITLE_SIZE = 16;
const LINE_SIZE = 11;
const LEADING = 18;

/**
 * `text` in plain ASCII: diacritics dropped, đ/Đ as d/D, anything else outside printable ASCII
 * as '?'.
 *
 * @example
 * asciiOf('Biên bản nghiệm thu – Đức Hòa'); // 'Bien ban nghiem thu - Duc Hoa'
 */
export function asciiOf(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** A PDF literal string: parentheses and backslashes escaped. */
function literal(text: string): string {
  return `(${asciiOf(text).replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** What one page says: a title line in a larger size, then lines of body text. */
export interface DemoPdfContent {
  readonly title: string;
  readonly lines?: readonly string[];
}

/**
 * A valid one-page PDF 1.4 holding `content.title` and `content.lines`, as bytes.
 *
 * @example
 * const pdf = demoPdf({ title: 'Báo giá thiết bị', lines: ['Dây chuyền sản xuất kẹo khóm'] });
 * pdf.subarray(0, 5).toString(); // '%PDF-'
 */
export function demoPdf(content: DemoPdfContent): Buffer {
  const text = [
    'BT',
    `/F1 ${TITLE_SIZE} Tf`,
    `${LEADING} TL`,
    `${MARGIN} ${A4.height - MARGIN - TITLE_SIZE} Td`,
    `${literal(content.title)} Tj`,
    `/F1 ${LINE_SIZE} Tf`,
    'T*',
    ...(content.lines ?? []).map((line) => `${literal(line)} '`),
    'ET',
  ].join('\n');
  const stream = Buffer.from(text, 'latin1');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${stream.length} >>\nstream\n${text}\nendstream`,
    `<< /Title ${literal(content.title)} /Producer (grants engine demo) >>`,
  ];

  // A comment of bytes above 127 on line 2 tells transfer tools the file is binary (PDF 7.5.2).
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]?.length ?? 0;
  const offsets: number[] = [];
  for (const [index, body] of objects.entries()) {
    offsets.push(length);
    const object = Buffer.from(`${index + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
    parts.push(object);
    length += object.length;
  }
  const size = objects.length + 1;
  // Every entry is exactly 20 bytes, its end of line included (PDF 7.5.4).
  const xref = ['xref', `0 ${size}`, '0000000000 65535 f\r', ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n\r`)].join('\n');
  parts.push(Buffer.from(`${xref}\ntrailer\n<< /Size ${size} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
