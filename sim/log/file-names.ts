// File names of a partition directory (AK `LogFileUtils`): a segment's files are named by its base
// offset zero-padded to 20 digits, so that sorting names sorts segments.

export const LOG_FILE_SUFFIX = '.log';
export const INDEX_FILE_SUFFIX = '.index';
export const TIME_INDEX_FILE_SUFFIX = '.timeindex';

/** `LogFileUtils.filenamePrefixFromOffset`. */
export function filenamePrefixFromOffset(offset: number): string {
  return String(offset).padStart(20, '0');
}

/** The base offset of a `.log` file name, or null for any other file. */
export function offsetFromLogFileName(name: string): number | null {
  if (!name.endsWith(LOG_FILE_SUFFIX)) return null;
  const prefix = name.slice(0, -LOG_FILE_SUFFIX.length);
  if (!/^\d{20}$/.test(prefix)) return null;
  return Number(prefix);
}
