// The engine is compiled against ES2022 alone (no DOM, no Node), so that it cannot reach for a
// clock, a timer or I/O. TextEncoder/TextDecoder are pure and exist in every runtime we target.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
