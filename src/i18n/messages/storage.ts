// The storage part of a message file (see ../messages.ts): where the logs live (OPFS or memory),
// the recovery of the previous run's logs, and the segment file downloads. Owned by
// src/components/StorageNotice.svelte and the partition inspector's segment list.
import type { PartitionRecovery } from '../../../sim/browser/recovery.ts';
import type { Formatters } from '../messages.ts';

export interface RecoverySummary {
  partitions: number;
  segments: number;
  batches: number;
  truncatedPartitions: number;
  bytesTruncated: number;
  indexEntriesRebuilt: number;
}

export interface StorageMessages {
  /** OPFS missing (a private window, an old browser). */
  unavailableTitle: string;
  unavailable: string;
  /** A write failed (quota exceeded). */
  failedTitle: string;
  failed: (fileBytes: number, format: Formatters) => string;
  /** Label of the technical detail (the browser's error, in English). */
  details: string;
  dismiss: string;
  recoveryTitle: string;
  recoverySummary: (summary: RecoverySummary, format: Formatters) => string;
  recoveryPartition: (partition: PartitionRecovery, format: Formatters) => string;
  download: {
    /** Column head of the download buttons. */
    column: string;
    /** Visible text of a button: the file's suffix. */
    button: (suffix: string) => string;
    /** Accessible name: "Baixar o arquivo 000….log do broker 1". */
    label: (fileName: string, broker: number) => string;
    failed: string;
  };
}
