// Registers the core classes a captured simulation may contain (sim/snapshot/registry.ts).
import { registerClasses } from './registry.ts';

registerClasses({});
