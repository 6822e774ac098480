import { sniffMediaType } from '@app/documents';
import { asciiOf, demoPdf } from './demo-pdf';

describe('demo PDF', () => {
  const pdf = demoPdf({ title: 'Biên bản nghiệm thu (đợt 2)', lines: ['Dây chuyền sản xuất kẹo khóm', 'Đường dẫn \\ thư mục', ''] });
  const text = pdf.toString('latin1');

  it('is a PDF from its first bytes to %%EOF', () => {
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(sniffMediaType(pdf.subarray(0, 1024))).toBe('application/pdf');
  });

  it('has a cross-reference table whose offsets point at each object, and startxref at the table', () => {
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 5)).toBe('xref\n');
    const table = text.slice(startxref).split('trailer')[0] as string;
    const [, count] = /^xref\n0 (\d+)\r?\n/.exec(table) ?? [];
    expect(Number(count)).toBe(7);
    const entries = table.match(/\d{10} \d{5} [nf]\r\n/g) ?? [];
    expect(entries).toHaveLength(7);
    expect(entries[0]).toBe('0000000000 65535 f\r\n');
    for (const [index, entry] of entries.slice(1).entries()) {
      const offset = Number(entry.slice(0, 10));
      expect(text.slice(offset, offset + `${index + 1} 0 obj`.length)).toBe(`${index + 1} 0 obj`);
    }
    expect(text).toContain('/Size 7 /Root 1 0 R');
  });

  it('declares the exact length of its content stream', () => {
    const match = /<< \/Length (\d+) >>\nstream\n/.exec(text);
    if (!match) throw new Error('no content stream');
    const start = match.index + match[0].length;
    expect(text.slice(start + Number(match[1]), start + Number(match[1]) + '\nendstream'.length)).toBe('\nendstream');
  });

  it('writes the text in ASCII, with parentheses and backslashes escaped', () => {
    expect(text).toContain('(Bien ban nghiem thu \\(dot 2\\)) Tj');
    expect(text).toContain("(Day chuyen san xuat keo khom) '");
    expect(text).toContain("(Duong dan \\\\ thu muc) '");
    expect([...pdf.subarray(16)].every((byte) => byte < 0x80)).toBe(true);
  });

  it('transliterates Vietnamese to ASCII', () => {
    expect(asciiOf('Hồ sơ quyết toán – Đức Hòa “mẫu”')).toBe('Ho so quyet toan - Duc Hoa "mau"');
    expect(asciiOf('日本')).toBe('??');
  });
});
