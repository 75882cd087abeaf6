// The named scenarios of scenarios/*.json, for the library picker: their own Portuguese names,
// and the first sentence of their descriptions as the one-line summary.
export interface LibraryEntry {
  file: string;
  title: string;
  summary: string;
  scenario: unknown;
}

/** The first sentence, cut at a full stop followed by a space (decimal commas and "x.y" names are kept). */
export function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(\s|$)/.exec(text.trim());
  return (match ? match[1]! : text).trim();
}

export function libraryEntries(files: Record<string, unknown>): LibraryEntry[] {
  return Object.entries(files)
    .map(([path, scenario]) => {
      const data = scenario as { name?: unknown; description?: unknown };
      const file = path.split('/').pop()!.replace(/\.json$/, '');
      return {
        file,
        title: typeof data.name === 'string' ? data.name : file,
        summary: typeof data.description === 'string' ? firstSentence(data.description) : '',
        scenario,
      };
    })
    .sort((a, b) => (a.file === 'primeiro-cluster' ? -1 : b.file === 'primeiro-cluster' ? 1 : a.title.localeCompare(b.title, 'pt-BR')));
}
