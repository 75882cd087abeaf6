// Brazilian Portuguese: the side-by-side comparison.
import type { CompareMessages } from '../messages/compare.ts';

export const compare: CompareMessages = {
  heading: 'Lado a lado',
};
