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

// Room for the multipart boundaries and the small text fields around the file.
const multipartOverheadBytes = 64 * 1024;

/**
 * Reads a multipart/form-data request whose `fileField` is streamed straight to `receiveFile`
 * (never buffered). Fails with 415 for other content types, 413 when the declared length is over
 * the limit, 400 when the body is malformed or has no file.
 */
export function readMultipartUpload<Received>(
  req: Request,
  options: { fileField: string; limitBytes: number; receiveFile: (file: Readable) => Promise<Received> },
): Promise<MultipartUpload<Received>> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    return Promise.reject(new UnsupportedMediaTypeError(`Send the video as multipart/form-data with the file in the "${options.fileField}" field`));
  }
  const declared = Number(req.headers['content-length']);
  if (declared > options.limitBytes + multipartOverheadBytes) return Promise.reject(uploadTooLargeError(options.limitBytes));

  return new Promise((resolve, reject) => {
    const fields = new Map<string, string>();
    let receiving: Promise<{ received: Received; fileName: string }> | undefined;
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 10, fieldSize: 4096, parts: 20 } });
    } catch {
      return reject(new ValidationError([{ path: '', message: 'The multipart body has no boundary' }]));
    }
    const fail = (error: unknown) => {
      req.unpipe(parser);
      reject(error);
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
    parser.on('error', () => fail(new ValidationError([{ path: '', message: 'The multipart body is malformed' }])));
    parser.on('close', () => {
      if (!receiving) return reject(new ValidationError([{ path: options.fileField, message: `${options.fileField} is required: send the video in the multipart field "${options.fileField}"` }]));
      receiving.then(({ received, fileName }) => resolve({ received, fileName, fields }), reject);
    });
    req.pipe(parser);
  });
}
