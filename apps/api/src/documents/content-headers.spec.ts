import { asciiFileName, contentDisposition, encodedFileName, noneMatch, parseRange } from './content-headers';

describe('document content headers', () => {
  it('reads one byte range against the size, clipped, and refuses one past the end', () => {
    expect(parseRange(undefined, 1000)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=0-99', 1000)).toEqual({ kind: 'range', range: { start: 0, end: 99 } });
    expect(parseRange('bytes=990-2000', 1000)).toEqual({ kind: 'range', range: { start: 990, end: 999 } });
    expect(parseRange('bytes=500-', 1000)).toEqual({ kind: 'range', range: { start: 500, end: 999 } });
    expect(parseRange('bytes=-10', 1000)).toEqual({ kind: 'range', range: { start: 990, end: 999 } });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ kind: 'range', range: { start: 0, end: 999 } });
    expect(parseRange('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=1000-1005', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
    // Several ranges, another unit, a reversed or malformed range: the whole content.
    for (const header of ['bytes=0-1,5-6', 'items=0-1', 'bytes=9-3', 'bytes=-', 'bytes=a-b', 'bytes=99999999999999999999-']) {
      expect(parseRange(header, 1000)).toEqual({ kind: 'whole' });
    }
  });

  it('keeps a Vietnamese name exact in filename* and gives an ASCII fallback', () => {
    expect(asciiFileName('Biên bản nghiệm thu.pdf')).toBe('Bien ban nghiem thu.pdf');
    expect(asciiFileName('Đơn đề nghị "gấp".pdf')).toBe('Don de nghi _gap_.pdf');
    expect(asciiFileName('报告.pdf')).toBe('__.pdf');
    expect(asciiFileName('文')).toBe('_');
    expect(encodedFileName("it's (1)*.pdf")).toBe("UTF-8''it%27s%20%281%29%2A.pdf");
    expect(decodeURIComponent(encodedFileName('Biên bản nghiệm thu.pdf').slice("UTF-8''".length))).toBe('Biên bản nghiệm thu.pdf');
    expect(contentDisposition('Hóa đơn.pdf', true)).toBe(`attachment; filename="Hoa don.pdf"; filename*=UTF-8''H%C3%B3a%20%C4%91%C6%A1n.pdf`);
  });

  it('matches If-None-Match weakly, in a list, or *', () => {
    const etag = '"abc"';
    expect(noneMatch(undefined, etag)).toBe(false);
    expect(noneMatch('"abc"', etag)).toBe(true);
    expect(noneMatch('W/"abc"', etag)).toBe(true);
    expect(noneMatch('"x", "abc"', etag)).toBe(true);
    expect(noneMatch('*', etag)).toBe(true);
    expect(noneMatch('"abcd"', etag)).toBe(false);
  });
});
