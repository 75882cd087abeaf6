// An xstate v5 machine's current state, moved with xstate's pure `transition`: a state change
// happens inside the simulation's own event, on its clock, and nothing runs on a real timer. The
// engine's lifecycles (groups on their coordinator, group members on the consumer) use it.
import { transition, getInitialSnapshot, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';

/** A machine's current state, moved only through its transitions. */
export class MachineState<S extends string, E extends { type: string }> {
  private snapshot: AnyMachineSnapshot;

  constructor(
    private readonly machine: AnyStateMachine,
    initial?: S,
  ) {
    this.snapshot = initial === undefined ? getInitialSnapshot(machine) : machine.resolveState({ value: initial } as never);
  }

  get value(): S {
    return this.snapshot.value as S;
  }

  /** Whether `event` is accepted in the current state. */
  can(event: E): boolean {
    return this.snapshot.can(event);
  }

  /** Applies `event`; throws when the current state does not accept it (an engine bug). */
  send(event: E): S {
    if (!this.snapshot.can(event)) throw new Error(`${this.machine.id}: event ${event.type} is not valid in state ${this.value}`);
    [this.snapshot] = transition(this.machine, this.snapshot, event);
    return this.value;
  }
}
