// Registers the kernel's, the log's, the scene's and the simulation's own classes, and the state
// machines' codec (sim/snapshot/registry.ts).
import { registerClass, registerClasses, registerConstants } from './registry.ts';
import { Kernel, kernelClasses } from '../kernel/kernel.ts';
import { DisconnectEvent, ExternalEvent, TimerEvent } from '../kernel/scheduled.ts';
import { VirtualClock } from '../kernel/clock.ts';
import { EventQueue } from '../kernel/event-queue.ts';
import { Partitions } from '../kernel/partitions.ts';
import { DropReporter } from '../kernel/drop-report.ts';
import { Channel, Link, MessageInFlight, NetworkNode } from '../kernel/connection.ts';
import { randomClasses } from '../kernel/random.ts';
import { Fnv1a64 } from '../kernel/hash.ts';
import { DigestSink, Trace } from '../kernel/trace.ts';
import { NodeContext, NodeSlot } from '../kernel/node-context.ts';
import { Network } from '../kernel/network.ts';
import { LogSegment } from '../log/segment.ts';
import { LocalLog } from '../log/local-log.ts';
import { TimeIndex } from '../log/time-index.ts';
import { FileRecords } from '../log/file-records.ts';
import { OffsetIndex } from '../log/offset-index.ts';
import { MemoryStorage } from '../log/storage.ts';
import { PartitionLog } from '../log/log.ts';
import { LeaderEpochCache } from '../log/leader-epoch-cache.ts';
import { History } from '../check/history.ts';
import { sceneClasses } from '../scene/clients.ts';
import { closeClasses } from '../scene/close-client.ts';
import { simulationClasses } from '../simulation.ts';
import { MachineState } from '../state-machine.ts';
import { classicGroupMachine, consumerGroupMachine } from '../broker/group/group-state-machines.ts';

registerClasses({
  Kernel,
  ...kernelClasses,
  TimerEvent,
  DisconnectEvent,
  ExternalEvent,
  VirtualClock,
  EventQueue,
  Partitions,
  DropReporter,
  Channel,
  Link,
  MessageInFlight,
  NetworkNode,
  ...randomClasses,
  Fnv1a64,
  DigestSink,
  NodeContext,
  NodeSlot,
  Network,
  LogSegment,
  LocalLog,
  TimeIndex,
  FileRecords,
  OffsetIndex,
  MemoryStorage,
  PartitionLog,
  LeaderEpochCache,
  History,
  ...sceneClasses,
  ...closeClasses,
  ...simulationClasses,
});

// The listener is the face's (the worker's timeline), set again after a revive.
registerClass('Trace', Trace, { transient: ['listener'] });

registerConstants({ classicGroupMachine, consumerGroupMachine });

// An xstate snapshot holds the machine's functions: a state is its machine and its value.
registerClass<MachineState<string, { type: string }>>('MachineState', MachineState, {
  codec: {
    encode: (state) => ({ machine: state['machine'], value: state.value }),
    decode: (data) => {
      const { machine, value } = data as { machine: ConstructorParameters<typeof MachineState>[0]; value: string };
      return new MachineState(machine, value);
    },
  },
});
