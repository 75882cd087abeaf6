// Brazilian Portuguese: the cluster view.
import type { ClusterMessages } from '../messages/cluster.ts';

export const cluster: ClusterMessages = {
  heading: 'Cluster',
};
