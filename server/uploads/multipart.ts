import busboy from 'busboy';
import type { Request } from 'express';
import { LIMITS } from '../../src/protocol.js';
import { ServiceError } from '../errors.js';

export interface ReceivedFile {
  bytes: Buffer;
  /** The name the client gave, reduced to a safe display name (never a path). */
  fileName: string;
}

/** Room for the multipart boundaries and part headers around the file itself. */
const ENVELOPE_BYTES = 16 * 1024;

const tooLarge = (maxBytes: number) =>
  new ServiceError('payload_too_large', `the file is larger than ${maxBytes} bytes`, { param: 'file' });

/**
 * Reads the one `file` part of a multipart request into memory with busboy, streaming and
 * bounded: a declared Content-Length over the limit is refused before a byte is read, and a
 * body that grows past it is refused as soon as it does. Nothing touches the disk here; the
 * caller writes the bytes only after they have been sniffed.
 */
export function receiveFile(req: Request, maxBytes: number): Promise<ReceivedFile> {
  if (!req.is('multipart/form-data')) {
    return Promise.reject(new ServiceError('unsupported_media_type', 'send the file as multipart/form-data, in a field named "file"', { param: 'file' }));
  }
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes + ENVELOPE_BYTES) return Promise.reject(tooLarge(maxBytes));

  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { fileSize: maxBytes, files: 1, fields: 4, fieldSize: 1024, parts: 5, headerPairs: 20 },
      });
    } catch {
      reject(new ServiceError('invalid_request', 'the multipart body has no boundary', { param: 'file' }));
      return;
    }
    let settled = false;
    const fail = (error: ServiceError) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      // Drain what is still coming so the client reads the answer instead of a reset.
      req.resume();
      reject(error);
    };
    let received: ReceivedFile | null = null;
    let pending: Promise<void> | null = null;

    parser.on('file', (field, stream, info) => {
      if (field !== 'file') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      pending = new Promise<void>((done) => {
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          chunks.push(chunk);
        });
        stream.on('limit', () => fail(tooLarge(maxBytes)));
        stream.on('end', () => {
          received = { bytes: Buffer.concat(chunks, size), fileName: safeFileName(info.filename) };
          done();
        });
      });
    });
    parser.on('filesLimit', () => fail(new ServiceError('invalid_request', 'send one file per request', { param: 'file' })));
    parser.on('partsLimit', () => fail(new ServiceError('invalid_request', 'too many parts in the multipart body', { param: 'file' })));
    parser.on('error', () => fail(new ServiceError('invalid_request', 'the multipart body is malformed', { param: 'file' })));
    parser.on('close', () => {
      void Promise.resolve(pending).then(() => {
        if (settled) return;
        if (!received) return fail(new ServiceError('invalid_request', 'a field named "file" is required', { param: 'file' }));
        if (received.bytes.length === 0) return fail(new ServiceError('invalid_request', 'the file is empty', { param: 'file' }));
        settled = true;
        resolve(received);
      });
    });
    req.on('aborted', () => fail(new ServiceError('invalid_request', 'the upload was cancelled', { param: 'file' })));
    req.pipe(parser);
  });
}

/**
 * The last path segment of a client's file name, without control or bidi-override characters,
 * trimmed to `LIMITS.fileName`. It is only ever shown (as text) and sent back in
 * Content-Disposition; storage uses generated keys.
 */
export function safeFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    .replace(/^\.+/, '');
  return [...cleaned].slice(0, LIMITS.fileName).join('') || 'file';
}
