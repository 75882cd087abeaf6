// Errors of the log layer. `code` is the name Kafka puts on the wire (AK `Errors.java`), so the broker
// can answer a request with it unchanged; `exception` names the Java exception Kafka throws at the
// same spot, so a trace or a lesson can point at the exact rule.

export type LogErrorCode =
  | 'CORRUPT_MESSAGE'
  | 'INVALID_RECORD'
  | 'MESSAGE_TOO_LARGE'
  | 'RECORD_LIST_TOO_LARGE'
  | 'OFFSET_OUT_OF_RANGE'
  | 'UNSUPPORTED_COMPRESSION_TYPE'
  | 'KAFKA_STORAGE_ERROR'
  | 'UNKNOWN_SERVER_ERROR';

export class LogError extends Error {
  readonly code: LogErrorCode;
  /** Kafka's exception class for the same failure, e.g. 'CorruptRecordException'. */
  readonly exception: string;

  constructor(code: LogErrorCode, message: string, exception: string = defaultException(code)) {
    super(message);
    this.name = 'LogError';
    this.code = code;
    this.exception = exception;
  }
}

function defaultException(code: LogErrorCode): string {
  switch (code) {
    case 'CORRUPT_MESSAGE':
      return 'CorruptRecordException';
    case 'INVALID_RECORD':
      return 'InvalidRecordException';
    case 'MESSAGE_TOO_LARGE':
      return 'RecordTooLargeException';
    case 'RECORD_LIST_TOO_LARGE':
      return 'RecordBatchTooLargeException';
    case 'OFFSET_OUT_OF_RANGE':
      return 'OffsetOutOfRangeException';
    case 'UNSUPPORTED_COMPRESSION_TYPE':
      return 'UnsupportedCompressionTypeException';
    case 'KAFKA_STORAGE_ERROR':
      return 'KafkaStorageException';
    case 'UNKNOWN_SERVER_ERROR':
      return 'KafkaException';
  }
}
