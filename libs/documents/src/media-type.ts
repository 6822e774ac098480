import { DocumentEmptyError, DocumentTypeMismatchError, UnsupportedDocumentTypeError } from './errors';

/** The media types a document may have. */
export const DOCUMENT_MEDIA_TYPES = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
} as const;

export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[keyof typeof DOCUMENT_MEDIA_TYPES];

/** File name extensions accepted (compared case-insensitively) and the type each says. */
export const DOCUMENT_EXTENSIONS: Readonly<Record<string, DocumentMediaType>> = {
  pdf: DOCUMENT_MEDIA_TYPES.pdf,
  jpg: DOCUMENT_MEDIA_TYPES.jpeg,
  jpeg: DOCUMENT_MEDIA_TYPES.jpeg,
  png: DOCUMENT_MEDIA_TYPES.png,
  docx: DOCUMENT_MEDIA_TYPES.docx,
  xlsx: DOCUMENT_MEDIA_TYPES.xlsx,
  odt: DOCUMENT_MEDIA_TYPES.odt,
  ods: DOCUMENT_MEDIA_TYPES.ods,
};

const PDF = Buffer.from('%PDF-', 'latin1');
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_HEADER_BYTES = 30;

const startsWith = (head: Buffer, magic: Buffer) => head.length >= magic.length && head.subarray(0, magic.length).equals(magic);

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly dataStart: number;
  readonly compressedSize: number;
}

/** The local file header at `at`, when it lies whole (with its name) within `head`. */
function entryAt(head: Buffer, at: number): ZipEntry | undefined {
  if (at + ZIP_HEADER_BYTES > head.length) return undefined;
  const nameLength = head.readUInt16LE(at + 26);
  const extraLength = head.readUInt16LE(at + 28);
  if (nameLength === 0 || at + ZIP_HEADER_BYTES + nameLength > head.length) return undefined;
  return {
    name: head.subarray(at + ZIP_HEADER_BYTES, at + ZIP_HEADER_BYTES + nameLength).toString('latin1'),
    method: head.readUInt16LE(at + 8),
    dataStart: at + ZIP_HEADER_BYTES + nameLength + extraLength,
    compressedSize: head.readUInt32LE(at + 18),
  };
}

/** Names of every local file header whose signature and name lie within `head`. */
function entryNames(head: Buffer): string[] {
  const names: string[] = [];
  for (let at = head.indexOf(ZIP_LOCAL_HEADER); at >= 0; at = head.indexOf(ZIP_LOCAL_HEADER, at + 1)) {
    const entry = entryAt(head, at);
    if (entry) names.push(entry.name);
  }
  return names;
}

function sniffZip(head: Buffer): DocumentMediaType | undefined {
  // OpenDocument: the first entry is `mimetype`, stored uncompressed, holding the media type.
  const first = entryAt(head, 0);
  if (first?.name === 'mimetype' && first.method === 0) {
    const content = head.subarray(first.dataStart, first.dataStart + first.compressedSize).toString('latin1');
    if (content === DOCUMENT_MEDIA_TYPES.odt) return DOCUMENT_MEDIA_TYPES.odt;
    if (content === DOCUMENT_MEDIA_TYPES.ods) return DOCUMENT_MEDIA_TYPES.ods;
    return undefined;
  }
  // Office Open XML: the parts of a word processing document live under `word/`, of a workbook under `xl/`.
  const names = entryNames(head);
  const word = names.some((n) => n.startsWith('word/'));
  const xl = names.some((n) => n.startsWith('xl/'));
  if (word && !xl) return DOCUMENT_MEDIA_TYPES.docx;
  if (xl && !word) return DOCUMENT_MEDIA_TYPES.xlsx;
  return undefined;
}

/**
 * The media type of a document from its first bytes (`StagedContent.head`, up to 64 KiB), by
 * magic numbers, never by the name or the type a client claims: PDF (`%PDF-`), JPEG (`FF D8 FF`),
 * PNG (its 8-byte signature), and within ZIP archives (`PK 03 04`) ODT/ODS (a first entry
 * `mimetype`, stored uncompressed, naming the type) and DOCX/XLSX (local headers naming parts
 * under `word/` or `xl/`). Limits: only the head is read, so an Office Open XML archive whose
 * first `word/` or `xl/` part starts past the head, or whose headers are all past it, is not
 * recognised (producers write those parts near the start); the archive's integrity and the
 * rest of a PDF or image are not checked; any other type (plain ZIP, GIF, legacy .doc/.xls,
 * HEIC…) is undefined.
 *
 * @example
 * sniffMediaType(Buffer.from('%PDF-1.7\n…')); // 'application/pdf'
 */
export function sniffMediaType(head: Buffer): DocumentMediaType | undefined {
  if (startsWith(head, PDF)) return DOCUMENT_MEDIA_TYPES.pdf;
  if (startsWith(head, JPEG)) return DOCUMENT_MEDIA_TYPES.jpeg;
  if (startsWith(head, PNG)) return DOCUMENT_MEDIA_TYPES.png;
  if (startsWith(head, ZIP_LOCAL_HEADER)) return sniffZip(head);
  return undefined;
}

/** The extension of a file name, lower case, or undefined when it has none. */
function extensionOf(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : undefined;
}

export interface UploadToCheck {
  readonly head: Buffer;
  readonly size: number;
  readonly fileName: string;
}

/**
 * The media type of an upload the engine accepts, or the refusal: `DocumentEmptyError`
 * (`DOCUMENT.EMPTY`) for no bytes, `UnsupportedDocumentTypeError` (`DOCUMENT.UNSUPPORTED_TYPE`)
 * when the bytes are not of an `allowed` type, `DocumentTypeMismatchError`
 * (`DOCUMENT.TYPE_MISMATCH`) when the file name's extension says another type than the bytes
 * (`.jpg` and `.jpeg` both say JPEG; an unknown extension disagrees with every type; a name
 * without an extension leaves the bytes to decide).
 *
 * @example
 * checkUpload({ head: staged.head, size: staged.size, fileName: 'bien-ban.pdf' }); // 'application/pdf'
 */
export function checkUpload(upload: UploadToCheck, allowed: readonly DocumentMediaType[] = Object.values(DOCUMENT_MEDIA_TYPES)): DocumentMediaType {
  if (upload.size === 0) throw new DocumentEmptyError();
  const sniffed = sniffMediaType(upload.head);
  if (!sniffed || !allowed.includes(sniffed)) throw new UnsupportedDocumentTypeError(allowed);
  const extension = extensionOf(upload.fileName);
  if (extension !== undefined && DOCUMENT_EXTENSIONS[extension] !== sniffed) throw new DocumentTypeMismatchError(extension, sniffed);
  return sniffed;
}
