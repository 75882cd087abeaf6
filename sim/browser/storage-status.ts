// What the worker tells the page about log storage (plain data, sent in every frame).
import type { RecoveryReport } from './recovery.ts';

export interface StorageStatus {
  /** 'files': logs in OPFS; 'memory': OPFS unavailable or failed (see reason); 'off': not asked for (memory by design). */
  mode: 'files' | 'memory' | 'off';
  /** English, for developers: the error that sent the logs to memory. */
  reason: string | null;
  /** 'unavailable': no OPFS at start; 'write-failed': a write threw (quota); null otherwise. */
  cause: 'unavailable' | 'write-failed' | null;
  fileBytes: number;
  memoryBytes: number;
  openHandles: number;
}

export interface StorageStartOptions {
  /** Test hook: the files may hold this many bytes in all, then writes throw QuotaExceededError. */
  quotaBytes?: number;
  /** Test hook: before recovery, cut the last 5 bytes of one stored .log (a torn batch). */
  tearStoredTail?: boolean;
  /** Test hook: behave as a browser without OPFS sync access handles (this reason is reported). */
  unavailable?: string;
}

export interface StorageStart {
  status: StorageStatus;
  recovery: RecoveryReport | null;
}
