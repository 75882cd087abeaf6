// The tools part of a message file (see ../messages.ts). Owned by src/components/tools/.
export interface ToolsMessages {
  heading: string;
}
