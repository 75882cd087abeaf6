// Registers the broker classes a captured simulation may contain (sim/snapshot/registry.ts).
import { registerClasses } from './registry.ts';

registerClasses({});
