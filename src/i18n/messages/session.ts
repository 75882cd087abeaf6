// The session part of a message file (see ../messages.ts). Owned by src/session/ and src/components/session/.
import type { SessionErrorCode } from '../../session/schema.ts';
import type { StorageFailure } from '../../session/storage.ts';

export interface SessionMessages {
  /** The header button that opens the share dialog. */
  share: string;
  shareHint: string;
  dialogTitle: string;
  dialogIntro: string;
  copyLink: string;
  linkCopied: string;
  /** When the clipboard refuses: the link is shown to copy by hand. */
  linkCopyManual: string;
  linkLabel: string;
  linkTooLong: (length: number) => string;
  linkSize: (length: number) => string;
  download: string;
  downloadHint: string;
  open: string;
  openHint: string;
  dropZone: string;
  close: string;
  /** While a restored session replays in the engine. */
  restoring: string;
  restoringDetail: string;
  dismiss: string;
  saveFailed: Record<StorageFailure, string>;
  saveFailedKeep: string;
  refusedTitle: Record<'link' | 'file' | 'stored', string>;
  errors: Record<SessionErrorCode, string>;
  replayFailed: Record<'link' | 'file' | 'stored', string>;
  kept: string;
  imported: Record<'link' | 'file', string>;
  detail: string;
}
