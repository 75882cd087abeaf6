// A FilePort over node:fs, synchronous like OPFS sync access handles once open: the bench and the
// Node tests run the file storage against real files in a temporary directory.
import { closeSync, ftruncateSync, fstatSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileHandle, FilePort } from '../sim/log/file-storage.ts';

export class NodeFilePort implements FilePort {
  constructor(readonly root: string) {}

  openSync(path: string): FileHandle {
    const full = join(this.root, path);
    mkdirSync(dirname(full), { recursive: true });
    const fd = openSync(full, 'a+');
    closeSync(fd);
    const rw = openSync(full, 'r+');
    return {
      read: (into, at) => {
        let done = 0;
        while (done < into.length) {
          const n = readSync(rw, into, done, into.length - done, at + done);
          if (n === 0) break;
          done += n;
        }
        return done;
      },
      write: (data, at) => {
        let done = 0;
        while (done < data.length) done += writeSync(rw, data, done, data.length - done, at + done);
      },
      truncate: (size) => ftruncateSync(rw, size),
      size: () => fstatSync(rw).size,
      close: () => closeSync(rw),
    };
  }

  open(path: string): Promise<FileHandle> {
    return Promise.resolve(this.openSync(path));
  }

  remove(path: string): void {
    rmSync(join(this.root, path), { force: true });
  }
}
