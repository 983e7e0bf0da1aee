/**
 * Files the faces upload to import (the file picker, drag and drop): a browser tab has no path to
 * give main, so the bytes come over RPC in chunks, each read as it arrives (the progress the UI
 * shows is real: bytes taken and entries read), and the import is finished into a session.
 */
import { randomBytes } from 'node:crypto';
import type { ImportFormat } from '../../../shared/interop/formats';
import type { ImportDone, ImportProgress } from '../../../shared/rpc/contract';
import { RpcError } from '../../../shared/rpc/errors';
import type { CaptureStore } from '../capture/store';
import { feedImport, finishImport, startImport } from './import-session';
import type { ImportStream } from './import-stream';

/** Uploads at once: a face imports one file at a time; a few more are tabs or retries. */
const MAX_UPLOADS = 4;
/** An upload nobody has sent to for this long was abandoned (a tab closed mid-way). */
const ABANDONED_MS = 10 * 60 * 1000;

interface Upload {
  fileName: string;
  size: number;
  stream: ImportStream;
  touched: number;
}

export class ImportUploads {
  private readonly uploads = new Map<string, Upload>();

  constructor(
    private readonly store: CaptureStore,
    /** The tool and version recorded as every imported session's writer. */
    readonly createdBy: string,
  ) {}

  begin(fileName: string, size: number, format?: ImportFormat | 'auto'): { importId: string } {
    const now = Date.now();
    for (const [id, upload] of this.uploads) if (now - upload.touched > ABANDONED_MS) this.uploads.delete(id);
    if (this.uploads.size >= MAX_UPLOADS)
      throw new RpcError(
        'invalid',
        `${MAX_UPLOADS} imports are already under way: wait for one to finish, or cancel it`,
      );
    const importId = randomBytes(8).toString('hex');
    this.uploads.set(importId, { fileName, size, stream: startImport(fileName, format, size), touched: now });
    return { importId };
  }

  chunk(importId: string, data: string): ImportProgress {
    const upload = this.get(importId);
    upload.touched = Date.now();
    const bytes = Buffer.from(data, 'base64');
    if (upload.stream.bytes + bytes.length > upload.size) {
      this.uploads.delete(importId);
      throw new RpcError('invalid', `${upload.fileName}: more bytes came than its size (${upload.size})`);
    }
    try {
      feedImport(upload.stream, upload.fileName, bytes);
    } catch (error) {
      // Not of its format: nothing more of it is wanted.
      this.uploads.delete(importId);
      throw error;
    }
    const progress: ImportProgress = { bytes: upload.stream.bytes, entries: upload.stream.entryCount };
    const format = upload.stream.detected?.format;
    if (format !== undefined) progress.format = format;
    return progress;
  }

  async finish(importId: string): Promise<ImportDone> {
    const upload = this.get(importId);
    this.uploads.delete(importId);
    if (upload.stream.bytes !== upload.size)
      throw new RpcError(
        'invalid',
        `${upload.fileName}: the upload stopped at ${upload.stream.bytes} of ${upload.size} bytes; import it again`,
      );
    const done = await finishImport(this.store, upload.stream, upload.fileName, {
      createdBy: this.createdBy,
    });
    return {
      opened: done.opened,
      format: done.format,
      detected: done.detected,
      description: done.description,
      problemCount: done.problemCount,
    };
  }

  cancel(importId: string): null {
    this.uploads.delete(importId);
    return null;
  }

  private get(importId: string): Upload {
    const upload = this.uploads.get(importId);
    if (upload === undefined)
      throw new RpcError(
        'not-found',
        `no import ${JSON.stringify(importId)} under way (finished, cancelled or abandoned)`,
      );
    return upload;
  }
}
