// Messages between the load benchmark (parent) and its two child processes: the simulated workers
// and the simulated coordinator. Each child is its own process, as on real machines, so that each
// one's CPU time is its own.

export type ToSenders =
  | { kind: 'rate'; stepsPerSecond: number }
  | { kind: 'count' }
  | { kind: 'stop' };

export interface SendersCount {
  kind: 'count';
  /** Events handed to the workers' EventSenders so far. */
  events: number;
  cpuSeconds: number;
}

export type ToReader = { kind: 'phase'; name: string } | { kind: 'pause' } | { kind: 'resume' } | { kind: 'stop' };

export interface ReaderPhase {
  name: string;
  seconds: number;
  entries: number;
  events: number;
  cpuSeconds: number;
  /** Milliseconds from Redis accepting an entry (its id) to the commit of its transaction. */
  entryLagMs: number[];
  /** Milliseconds from a metric being logged on a worker to its commit (through the sender's batching). */
  metricLagMs: number[];
  /** After a resume: seconds until a read found the stream drained (fewer entries than it asked for). */
  drainedAfterSeconds?: number;
  /** Events applied until then. */
  drainedEvents?: number;
  drainedEntries?: number;
}

export type FromReader = { kind: 'ready' } | { kind: 'phases'; phases: ReaderPhase[] };

/** Steps of the simulated trials are milliseconds since this origin, so that the reader can tell when each was logged. */
export interface LoadArgs {
  url: string;
  stream: string;
  origin: number;
}
