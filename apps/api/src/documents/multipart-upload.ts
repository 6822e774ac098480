import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { ProblemException } from '../http/problem-details.filter';

/** The text fields of an upload form, as they arrived before the file. */
export type UploadFields = Readonly<Record<string, string>>;

export interface UploadOptions<T> {
  /** The largest document; busboy stops reading a file one byte past it (a guard: `stage` refuses it first). */
  readonly maxBytes: number;
  /** The text fields the form may have; any other is refused. */
  readonly fields: readonly string[];
  /** The longest value of a text field, in bytes. */
  readonly fieldBytes: number;
  /** Checks a field as soon as it arrives (throw to refuse the upload before any byte is stored). */
  checkField(name: string, value: string): void;
  /** Checks the fields once the file part begins (throw to refuse it, e.g. a required field that did not come first). */
  checkFields(fields: UploadFields): void;
  /**
   * Consumes the part `file`: its stream, its file name, and the fields that came before it.
   * It must read the stream to its end or fail; the upload's answer waits for it either way.
   */
  onFile(file: Readable, fileName: string, fields: UploadFields): Promise<T>;
}

/** The client went away before the upload was complete. */
export class UploadAbortedError extends Error {
  constructor() {
    super('The client closed the connection before the upload was complete');
    this.name = 'UploadAbortedError';
  }
}

const fieldProblem = (field: string, message: string) =>
  new ProblemException({ status: 400, code: 'REQUEST.VALIDATION_FAILED', detail: `${field} ${message}`, errors: [{ field, message }] });

const fileMissing = () =>
  new ProblemException({
    status: 400,
    code: 'DOCUMENT.FILE_MISSING',
    detail: 'The upload has no part named file (a file part, with a file name, after the fields)',
    errors: [{ field: 'file', message: 'is required: a file part with a file name' }],
  });

/**
 * Reads a `multipart/form-data` upload as it streams in (busboy), without buffering it: text
 * fields first (each checked on arrival), then one part `file` handed to `onFile` as a stream.
 * Limits: one file, the named fields only, `fieldBytes` per field, the file cut one byte past
 * `maxBytes`. When something is refused, or the client goes away, the parser stops: the file
 * stream is destroyed with the error (so a staging in progress fails and removes itself), `onFile`
 * is awaited, and the rest of the request is read and dropped before the refusal is thrown, so
 * the answer reaches a client that is still sending.
 *
 * @example
 * const { value } = await receiveUpload(req, { maxBytes, fields: ['kind', 'title'], fieldBytes: 2000, checkField, onFile: (file, name) => store.stage(file, { maxBytes }) });
 */
export function receiveUpload<T>(req: Request, options: UploadOptions<T>): Promise<{ value: T; fileName: string; fields: UploadFields }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fields: options.fields.length, fieldSize: options.fieldBytes, fileSize: options.maxBytes + 1, headerPairs: 20 },
      });
    } catch (error) {
      reject(new ProblemException({ status: 400, code: 'REQUEST.INVALID', detail: `The multipart body cannot be read: ${(error as Error).message}`, errors: [{ field: 'Content-Type', message: 'must be multipart/form-data with a boundary' }] }));
      return;
    }
    const fields: Record<string, string> = {};
    let file: Promise<{ value: T; fileName: string }> | undefined;
    let settled = false;

    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      // Destroys a file stream still being read with the error, so `onFile` fails too.
      parser.destroy(error instanceof Error ? error : new Error(String(error)));
      const drained = new Promise<void>((done) => {
        if (req.readableEnded || req.destroyed) return done();
        req.once('end', () => done());
        req.once('close', () => done());
        req.resume();
      });
      void Promise.all([file?.catch(() => undefined), drained]).then(() => reject(error));
    };

    parser.on('field', (name, value, info) => {
      if (settled) return;
      try {
        if (!options.fields.includes(name)) {
          if (name === 'file') throw fileMissing();
          throw fieldProblem(name, `is not a field of this form (fields: ${options.fields.join(', ')}, then the part file)`);
        }
        if (info.valueTruncated) throw fieldProblem(name, `must be at most ${options.fieldBytes} bytes`);
        if (file) throw fieldProblem(name, 'must come before the part file');
        options.checkField(name, value);
        fields[name] = value;
      } catch (error) {
        fail(error);
      }
    });
    parser.on('file', (name, stream, info) => {
      // Errors reach the consumer through its reads; a stream nobody reads must not throw them.
      stream.on('error', () => undefined);
      if (settled || name !== 'file') {
        stream.resume();
        if (!settled) fail(fieldProblem(name, 'is not a part of this form: the file goes in the part named file'));
        return;
      }
      const fileName = info.filename ?? '';
      try {
        if (fileName.trim() === '') throw fileMissing();
        options.checkFields({ ...fields });
      } catch (error) {
        stream.resume();
        fail(error);
        return;
      }
      file = options.onFile(stream, fileName, { ...fields }).then((value) => ({ value, fileName }));
      file.catch(fail);
    });
    parser.on('fieldsLimit', () => fail(fieldProblem('form', `may have at most the fields ${options.fields.join(', ')}`)));
    parser.on('filesLimit', () => fail(fieldProblem('file', 'must be one file: the form has more than one file part')));
    parser.on('error', (error) => fail(new ProblemException({ status: 400, code: 'REQUEST.INVALID', detail: `The multipart body cannot be read: ${(error as Error).message}` })));
    parser.on('close', () => {
      if (settled) return;
      if (!file) return fail(fileMissing());
      file.then(
        ({ value, fileName }) => {
          if (settled) return;
          settled = true;
          resolve({ value, fileName, fields });
        },
        () => undefined,
      );
    });
    req.on('close', () => {
      if (!req.complete) fail(new UploadAbortedError());
    });
    req.on('error', () => fail(new UploadAbortedError()));
    req.pipe(parser);
  });
}
