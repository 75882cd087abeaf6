// A FilePort that runs out of space after a number of bytes, as a full origin quota does: the
// `storage-quota-bytes` test hook wraps the OPFS port in it to exercise the fallback to memory.
import type { FileHandle, FilePort } from '../log/file-storage.ts';

export class QuotaPort implements FilePort {
  constructor(
    private readonly inner: FilePort,
    readonly quotaBytes: number,
    /** Shared by the ports of one origin: the quota is the origin's, not a directory's. */
    private readonly usage: { used: number } = { used: 0 },
  ) {}

  openSync(path: string): FileHandle | null {
    const handle = this.inner.openSync(path);
    return handle && this.#limit(handle);
  }

  async open(path: string): Promise<FileHandle> {
    return this.#limit(await this.inner.open(path));
  }

  remove(path: string): void {
    this.inner.remove(path);
  }

  #limit(handle: FileHandle): FileHandle {
    return {
      ...handle,
      write: (data, at) => {
        const grows = Math.max(0, at + data.length - handle.size());
        if (this.usage.used + grows > this.quotaBytes) throw Object.assign(new Error(`the test quota of ${this.quotaBytes} bytes is used up`), { name: 'QuotaExceededError' });
        handle.write(data, at);
        this.usage.used += grows;
      },
    };
  }
}
