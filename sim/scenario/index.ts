export * from './schema.ts';
export * from './parse.ts';
export { defaultScenarioInput } from './library/default.ts';
