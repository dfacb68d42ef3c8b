// What the image parsers give back, and how they refuse a damaged file.
import type { GpsPosition } from './tiff-gps';

export interface StrippedImage {
  bytes: Buffer;
  gps?: GpsPosition;
}

/** The file claims to be an image and is not a whole one; the message is for the user (zh-CN). */
export class BrokenImage extends Error {}
