// The cluster part of a message file (see ../messages.ts). Owned by src/components/cluster/.
export interface ClusterMessages {
  heading: string;
}
