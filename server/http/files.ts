import { create as contentDisposition } from 'content-disposition';
import { Router } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Services } from '../services/index.js';
import type { Uploader } from '../services/files.js';
import { isRaster } from '../uploads/sniff.js';
import { receiveFile } from '../uploads/multipart.js';
import type { Request, Response } from 'express';

/**
 * `/files/:id/:name?e=&s=`: an uploaded file from a signed, expiring URL. Only raster images
 * are shown inline; everything is `nosniff` and sandboxed, so even a file that slipped past
 * sniffing could not run script on this origin.
 */
export function filesRouter(services: Services): Router {
  const router = Router();
  router.get('/:id/:name', async (req, res) => {
    const { upload, stream, size } = await services.files.open(req.params.id, String(req.query.e ?? ''), String(req.query.s ?? ''));
    const inline = isRaster(upload.contentType);
    const maxAge = Math.max(0, Number(req.query.e) - Math.floor(Date.now() / 1000));
    res.set({
      'Content-Type': upload.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : upload.contentType,
      'Content-Length': String(size),
      'Content-Disposition': contentDisposition(upload.fileName, { type: inline ? 'inline' : 'attachment' }),
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      'X-Content-Type-Options': 'nosniff',
      // no-transform: images and PDFs are compressed already, and the bytes are the download
      // (the compression middleware and any proxy leave the body and its Content-Length alone).
      'Cache-Control': `private, max-age=${maxAge}, immutable, no-transform`,
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    await pipeline(stream, res);
  });
  return router;
}

/**
 * `POST …/uploads` for visitors and agents alike: the limit is known before the body is
 * read, the body is parsed as it streams, and the file is stored only once it passed.
 */
export async function handleUpload(services: Services, uploader: Uploader, req: Request, res: Response): Promise<void> {
  const target = await services.files.limitFor(uploader);
  try {
    const file = await receiveFile(req, target.policy.maxBytes);
    res.status(201).json(await services.files.store(uploader, target, file));
  } catch (error) {
    // The rest of an oversized body is not worth reading: answer, then close the connection.
    if ((error as { code?: string }).code === 'payload_too_large') res.set('Connection', 'close');
    throw error;
  }
}
