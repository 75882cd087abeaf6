// The lessons part of a message file: the panel, the index, the glossary. Owned by src/components/lessons/.
export interface GlossaryEntry {
  /** The term as Brazilian developers say it (often the English word itself). */
  term: string;
  /** The English term, when the Portuguese one differs. */
  english?: string;
  definition: string;
}

export interface LessonsMessages {
  glossary: {
    heading: string;
    entries: GlossaryEntry[];
  };
}
