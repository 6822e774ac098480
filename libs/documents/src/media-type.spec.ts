import { deflateRawSync } from 'node:zlib';
import { checkUpload, DOCUMENT_MEDIA_TYPES, sniffMediaType } from './media-type';

/** A ZIP archive's local file headers and data (no central directory: sniffing never reads it). */
function zip(entries: readonly { name: string; content: string; store?: boolean }[]): Buffer {
  return Buffer.concat(
    entries.flatMap(({ name, content, store }) => {
      const raw = Buffer.from(content, 'utf8');
      const data = store ? raw : deflateRawSync(raw);
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(store ? 0 : 8, 8);
      header.writeUInt32LE(data.length, 18);
      header.writeUInt32LE(raw.length, 22);
      header.writeUInt16LE(Buffer.byteLength(name), 26);
      return [header, Buffer.from(name, 'utf8'), data];
    }),
  );
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex');
const CONTENT_TYPES = { name: '[Content_Types].xml', content: '<?xml version="1.0"?><Types/>' };
const DOCX = zip([CONTENT_TYPES, { name: '_rels/.rels', content: '<Relationships/>' }, { name: 'word/document.xml', content: '<w:document/>' }]);
const XLSX = zip([CONTENT_TYPES, { name: 'xl/workbook.xml', content: '<workbook/>' }, { name: 'xl/worksheets/sheet1.xml', content: '<worksheet/>' }]);
const odf = (type: string) => zip([{ name: 'mimetype', content: type, store: true }, { name: 'content.xml', content: '<office:document-content/>' }]);
const ODT = odf(DOCUMENT_MEDIA_TYPES.odt);
const ODS = odf(DOCUMENT_MEDIA_TYPES.ods);

describe('sniffMediaType', () => {
  it.each([
    ['PDF', PDF, 'application/pdf'],
    ['PNG', PNG, 'image/png'],
    ['JPEG', JPEG, 'image/jpeg'],
    ['DOCX', DOCX, DOCUMENT_MEDIA_TYPES.docx],
    ['XLSX', XLSX, DOCUMENT_MEDIA_TYPES.xlsx],
    ['ODT', ODT, DOCUMENT_MEDIA_TYPES.odt],
    ['ODS', ODS, DOCUMENT_MEDIA_TYPES.ods],
  ])('recognises %s by its bytes', (_name, bytes, type) => {
    expect(sniffMediaType(bytes)).toBe(type);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['text', Buffer.from('hello, world')],
    ['GIF', Buffer.from('GIF89a')],
    ['a PDF magic that is cut short', Buffer.from('%PDF')],
    ['a plain ZIP', zip([{ name: 'notes.txt', content: 'hello' }])],
    ['an ODF archive of another type', odf('application/vnd.oasis.opendocument.presentation')],
    ['a compressed mimetype entry', zip([{ name: 'mimetype', content: DOCUMENT_MEDIA_TYPES.odt }])],
    ['an archive with both word/ and xl/ parts', zip([{ name: 'word/document.xml', content: 'x' }, { name: 'xl/workbook.xml', content: 'y' }])],
    ['a ZIP signature only', Buffer.from('PK\x03\x04', 'latin1')],
  ])('gives undefined for %s', (_name, bytes) => {
    expect(sniffMediaType(bytes)).toBeUndefined();
  });

  it('recognises DOCX from the first 64 KiB when later entries are cut off', () => {
    expect(sniffMediaType(DOCX.subarray(0, DOCX.indexOf('word/') + 20))).toBe(DOCUMENT_MEDIA_TYPES.docx);
  });
});

describe('checkUpload', () => {
  it('gives the sniffed type when the extension agrees, in any case, or is absent', () => {
    expect(checkUpload({ head: PDF, size: PDF.length, fileName: 'Bien-ban.PDF' })).toBe('application/pdf');
    expect(checkUpload({ head: JPEG, size: 100, fileName: 'scan.jpg' })).toBe('image/jpeg');
    expect(checkUpload({ head: JPEG, size: 100, fileName: 'scan.JPEG' })).toBe('image/jpeg');
    expect(checkUpload({ head: XLSX, size: XLSX.length, fileName: 'du-toan.xlsx' })).toBe(DOCUMENT_MEDIA_TYPES.xlsx);
    expect(checkUpload({ head: ODS, size: ODS.length, fileName: 'C:\\fakepath\\bang.ods' })).toBe(DOCUMENT_MEDIA_TYPES.ods);
    expect(checkUpload({ head: PNG, size: PNG.length, fileName: 'anh' })).toBe('image/png');
  });

  it('refuses an empty upload as malformed', () => {
    expect(() => checkUpload({ head: Buffer.alloc(0), size: 0, fileName: 'a.pdf' })).toThrow(expect.objectContaining({ code: 'DOCUMENT.EMPTY', kind: 'malformed' }));
  });

  it('refuses content of no accepted type, or of a type not allowed here', () => {
    expect(() => checkUpload({ head: Buffer.from('MZ\x90\x00'), size: 4, fileName: 'setup.pdf' })).toThrow(
      expect.objectContaining({ code: 'DOCUMENT.UNSUPPORTED_TYPE', kind: 'unsupported_media_type' }),
    );
    expect(() => checkUpload({ head: PNG, size: PNG.length, fileName: 'a.png' }, ['application/pdf'])).toThrow(expect.objectContaining({ code: 'DOCUMENT.UNSUPPORTED_TYPE' }));
  });

  it('refuses an extension that says another type than the bytes', () => {
    expect(() => checkUpload({ head: PNG, size: PNG.length, fileName: 'hoa-don.pdf' })).toThrow(
      expect.objectContaining({ code: 'DOCUMENT.TYPE_MISMATCH', kind: 'unsupported_media_type', details: { extension: 'pdf', sniffed: 'image/png' } }),
    );
    expect(() => checkUpload({ head: DOCX, size: DOCX.length, fileName: 'bao-cao.xlsx' })).toThrow(expect.objectContaining({ code: 'DOCUMENT.TYPE_MISMATCH' }));
    expect(() => checkUpload({ head: PDF, size: PDF.length, fileName: 'bao-cao.pdf.exe' })).toThrow(expect.objectContaining({ code: 'DOCUMENT.TYPE_MISMATCH' }));
  });
});
