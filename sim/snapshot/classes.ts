// Every class and function a captured simulation may contain, registered on import.
import './classes-core.ts';
import './classes-clients.ts';
import './classes-broker.ts';
