export * from './variants.ts';
export * from './ownership.ts';
export * from './verdict.ts';
