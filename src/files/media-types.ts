// The file types the portal accepts from citizens at all. Every upload (Postfach, forms) is
// checked against this list by its bytes; a form field may allow fewer.
import type { AttachmentMediaType } from '../db/schema.ts';

export type MediaType = AttachmentMediaType;

export const MEDIA_TYPES: readonly MediaType[] = ['application/pdf', 'image/jpeg', 'image/png'];

export const MEDIA_TYPE_LABEL: Record<MediaType, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};

export const EXTENSION: Record<MediaType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};
