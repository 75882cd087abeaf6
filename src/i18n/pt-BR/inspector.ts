// Brazilian Portuguese: the inspectors of the side panel.
import type { InspectorMessages } from '../messages/inspector.ts';

export const inspector: InspectorMessages = {
  heading: 'Inspetor',
};
