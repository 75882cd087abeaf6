// The timeline part of a message file (see ../messages.ts). Owned by src/components/timeline/.
export interface TimelineMessages {
  heading: string;
}
