// Brazilian Portuguese: the timeline, the event log's filters and the charts.
import type { TimelineMessages } from '../messages/timeline.ts';

export const timeline: TimelineMessages = {
  heading: 'Linha do tempo',
};
