// The compare part of a message file (see ../messages.ts). Owned by src/components/compare/.
export interface CompareMessages {
  heading: string;
}
