import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { UPLOAD_TYPES, type UploadType } from '../../src/protocol.js';
import { ServiceError } from '../errors.js';

export interface SniffedFile {
  contentType: UploadType;
  width?: number;
  height?: number;
}

/** Decoding a bigger image would freeze the page that shows its thumbnail. */
const MAX_PIXELS = 50_000_000;
const RASTER: ReadonlySet<string> = new Set(UPLOAD_TYPES.filter((type) => type.startsWith('image/')));
const MARKUP = /<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|\?xml|math|style|meta|link)\b/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const refuse = (message: string) => new ServiceError('unsupported_media_type', message, { param: 'file' });

/** `image/png` and alike can be shown inline; everything else is downloaded. */
export const isRaster = (contentType: string): boolean => RASTER.has(contentType);

/**
 * The file's real type, from its bytes (file-type's magic numbers); the name and the
 * declared type are never trusted. Plain text is what file-type cannot name: valid UTF-8
 * without NULs and without markup a browser could render. Images get their dimensions
 * (EXIF rotation applied, as browsers draw them) so thumbnails take their space up front.
 */
export async function sniff(bytes: Uint8Array, accepted: readonly UploadType[]): Promise<SniffedFile> {
  const detected = await fileTypeFromBuffer(bytes);
  const contentType = detected ? detected.mime : plainText(bytes);
  if (!(accepted as readonly string[]).includes(contentType)) {
    throw refuse(`files of type ${contentType} are not accepted here (accepted: ${accepted.join(', ')})`);
  }
  const type = contentType as UploadType;
  return isRaster(type) ? { contentType: type, ...dimensions(bytes) } : { contentType: type };
}

function plainText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return 'application/octet-stream';
  }
  if (text.includes('\0')) return 'application/octet-stream';
  // SVG and HTML are text too: anything a browser would parse as markup is refused.
  if (MARKUP.test(text)) return 'text/html';
  return 'text/plain';
}

function dimensions(bytes: Uint8Array): { width: number; height: number } {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    throw refuse('the image could not be read');
  }
  const { width, height, orientation } = size;
  if (!width || !height) throw refuse('the image has no size');
  if (width * height > MAX_PIXELS) {
    throw new ServiceError('invalid_request', `the image is larger than ${MAX_PIXELS / 1e6} megapixels`, { param: 'file' });
  }
  // EXIF orientations 5–8 turn the picture a quarter: width and height swap on screen.
  return orientation && orientation >= 5 ? { width: height, height: width } : { width, height };
}
