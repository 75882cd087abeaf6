// An in-memory FilePort for tests: files are byte arrays, handles open synchronously or only
// asynchronously (like OPFS), and failures can be injected (a quota in bytes, a failing open).
import type { FileHandle, FilePort } from '../../../sim/log/file-storage.ts';

export class QuotaError extends Error {
  override readonly name = 'QuotaExceededError';
}

export interface FakePortOptions {
  /** Handles open only through open() (as OPFS), never openSync(). */
  asyncOnly?: boolean;
  /** Total bytes the files may hold; a write beyond throws QuotaExceededError. */
  quotaBytes?: number;
  /** Handles that may be open at once; the next open throws. */
  maxHandles?: number;
}

export class FakeFilePort implements FilePort {
  readonly files = new Map<string, Uint8Array>();
  openHandles = 0;
  writes = 0;
  failOpen = false;

  constructor(readonly options: FakePortOptions = {}) {}

  totalBytes(): number {
    let total = 0;
    for (const bytes of this.files.values()) total += bytes.length;
    return total;
  }

  openSync(path: string): FileHandle | null {
    return this.options.asyncOnly ? null : this.handle(path);
  }

  open(path: string): Promise<FileHandle> {
    try {
      return Promise.resolve(this.handle(path));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  remove(path: string): void {
    this.files.delete(path);
  }

  private handle(path: string): FileHandle {
    if (this.failOpen) throw new Error('open failed');
    if (this.options.maxHandles !== undefined && this.openHandles >= this.options.maxHandles) throw new Error('too many handles');
    if (!this.files.has(path)) this.files.set(path, new Uint8Array(0));
    this.openHandles++;
    let open = true;
    const check = () => {
      if (!open) throw new Error(`${path}: handle closed`);
    };
    return {
      read: (into, at) => {
        check();
        const bytes = this.files.get(path)!;
        const n = Math.max(0, Math.min(into.length, bytes.length - at));
        into.set(bytes.subarray(at, at + n));
        return n;
      },
      write: (data, at) => {
        check();
        const bytes = this.files.get(path)!;
        const end = Math.max(bytes.length, at + data.length);
        if (this.options.quotaBytes !== undefined && this.totalBytes() - bytes.length + end > this.options.quotaBytes) {
          throw new QuotaError('quota exceeded');
        }
        // Grows geometrically (the slack lives past the view's end, in its buffer) so long logs stay fast.
        let next = bytes;
        if (end > bytes.length) {
          const capacity = bytes.buffer.byteLength;
          if (bytes.byteOffset === 0 && end <= capacity) next = new Uint8Array(bytes.buffer, 0, end);
          else {
            next = new Uint8Array(new ArrayBuffer(Math.max(end, capacity * 2)), 0, end);
            next.set(bytes);
          }
        }
        next.set(data, at);
        this.files.set(path, next);
        this.writes++;
      },
      truncate: (size) => {
        check();
        const bytes = this.files.get(path)!;
        const next = new Uint8Array(size);
        next.set(bytes.subarray(0, Math.min(size, bytes.length)));
        this.files.set(path, next);
      },
      size: () => this.files.get(path)!.length,
      close: () => {
        check();
        open = false;
        this.openHandles--;
      },
    };
  }
}
