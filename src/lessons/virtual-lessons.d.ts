declare module 'virtual:lessons' {
  const loaded: import('./format/load.ts').LoadedLessons;
  export default loaded;
}
