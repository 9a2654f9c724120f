import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { UnsupportedMediaTypeError, ValidationError } from '../../core/errors/app-error';
import { uploadTooLargeError } from '../../core/videos/byte-limit';

/** What a multipart upload carried: the file (already handled by `receiveFile`) and the text fields. */
export interface MultipartUpload<Received> {
  readonly received: Received;
  readonly fileName: string;
  readonly fields: ReadonlyMap<string, string>;
}

export interface MultipartUploadOptions<Received> {
  readonly fileField: string;
  readonly limitBytes: number;
  /** Takes the file as it streams in (the first part named `fileField`). */
  readonly receiveFile: (file: Readable) => Promise<Received>;
  /** Undoes `receiveFile` when the rest of the body turns out bad: nobody else would. */
  readonly discardFile: (received: Received) => void;
}

// Room for the multipart boundaries and the small text fields around the file.
const multipartOverheadBytes = 64 * 1024;

const malformed = () => new ValidationError([{ path: '', message: 'The multipart body is malformed' }]);

/**
 * Reads a multipart/form-data request whose `fileField` is streamed straight to `receiveFile`
 * (never buffered). Fails with 415 for other content types, 413 when the declared length is over
 * the limit, 400 when the body is malformed, interrupted or has no file.
 */
export function readMultipartUpload<Received>(req: Request, options: MultipartUploadOptions<Received>): Promise<MultipartUpload<Received>> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    return Promise.reject(new UnsupportedMediaTypeError(`Send the video as multipart/form-data with the file in the "${options.fileField}" field`));
  }
  const declared = Number(req.headers['content-length']);
  if (declared > options.limitBytes + multipartOverheadBytes) return Promise.reject(uploadTooLargeError(options.limitBytes));

  return new Promise((resolve, reject) => {
    const fields = new Map<string, string>();
    let receiving: Promise<{ received: Received; fileName: string }> | undefined;
    let settled = false;
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fields: 10, fieldSize: 4096, parts: 20 } });
    } catch {
      return reject(new ValidationError([{ path: '', message: 'The multipart body has no boundary' }]));
    }
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      reject(error);
      // A file stored before the body turned out bad would be orphaned otherwise.
      receiving?.then(({ received }) => options.discardFile(received), () => undefined);
    };
    parser.on('file', (name, stream, info) => {
      if (name !== options.fileField || receiving) {
        stream.resume();
        return;
      }
      receiving = options.receiveFile(stream).then((received) => ({ received, fileName: info.filename ?? '' }));
      // Rejections are answered at once: the client need not finish sending a file that is refused.
      receiving.catch(fail);
    });
    parser.on('field', (name, value) => fields.set(name, value));
    parser.on('error', () => fail(malformed()));
    parser.on('close', () => {
      if (!receiving) return fail(new ValidationError([{ path: options.fileField, message: `${options.fileField} is required: send the video in the multipart field "${options.fileField}"` }]));
      receiving.then(({ received, fileName }) => {
        if (settled) return;
        settled = true;
        resolve({ received, fileName, fields });
      }, fail);
    });
    // A client that goes away mid-upload: stop the parser, which ends the file stream with an
    // error, so storage drops its partial object instead of waiting for bytes forever.
    req.once('close', () => {
      if (!req.complete) parser.destroy(new Error('The upload was interrupted'));
    });
    req.pipe(parser);
  });
}
