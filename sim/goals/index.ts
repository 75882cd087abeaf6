export * from './schema.ts';
export * from './tracker.ts';
