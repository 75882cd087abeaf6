// The inspector part of a message file (see ../messages.ts). Owned by src/components/inspector/.
export interface InspectorMessages {
  heading: string;
}
