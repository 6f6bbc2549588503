/** The structured form of one article (DESIGN.md "Record"), validated before it is stored or emitted. */
import { z } from 'zod';

export const imageSchema = z.strictObject({
  src: z.string(),
  /** Bundle-relative file, named by content hash: media/<sha256>.<ext>; absent when the image was unusable. */
  file: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  /** The bundle file's sha256 (what a reader of `file` can check). */
  sha256: z.string().optional(),
  /** The sha256 of the image as fetched (the file is re-encoded). */
  originalSha256: z.string().optional(),
  alt: z.string().optional(),
});

export const attachmentSchema = z.strictObject({
  url: z.string(),
  title: z.string(),
  file: z.string().optional(),
  sha256: z.string().optional(),
  bytes: z.number().int().optional(),
});

export const recordSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  sourceUrl: z.string(),
  column: z.string().nullable(),
  channel: z.string().nullable(),
  title: z.string().min(1),
  publishedAt: z.string().nullable(),
  writtenAt: z.string().nullable(),
  source: z.string().nullable(),
  author: z.string().nullable(),
  docNumber: z.string().nullable(),
  docNumberRaw: z.string().nullable(),
  indexNumber: z.string().nullable(),
  docType: z.string().nullable(),
  publisher: z.string().nullable(),
  topic: z.string().nullable(),
  bodyMarkdown: z.string(),
  bodyText: z.string(),
  images: z.array(imageSchema),
  attachments: z.array(attachmentSchema),
  targetUrl: z.string().nullable(),
  contentHash: z.string(),
  /** What was left out of the record for safety (a dropped link, a refused attachment), with why. */
  warnings: z.array(z.strictObject({ rule: z.string(), reason: z.string() })).optional(),
});

export type ArticleRecord = z.output<typeof recordSchema>;
export type RecordImage = z.output<typeof imageSchema>;
export type RecordAttachment = z.output<typeof attachmentSchema>;
