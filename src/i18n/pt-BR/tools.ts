// Brazilian Portuguese: the failure tools and the scene builder.
import type { ToolsMessages } from '../messages/tools.ts';

export const tools: ToolsMessages = {
  heading: 'Ferramentas',
};
