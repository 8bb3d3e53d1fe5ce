// Child process of the load benchmark: a coordinator's reading side on its own. It reads the
// stream the way a coordinator does (XREAD COUNT 500 from the cursor kept in the store), applies
// each entry with the coordinator's EventApplier in one transaction on a real store, trims what it
// applied, and notes how long each entry waited. Started by load.ts with: URL STREAM ORIGIN STORE.
import { Redis } from 'ioredis';
import { EventApplier } from '../../framework/sweep/queue/event-applier.js';
import { EVENTS_FIELD, type QueueEvent } from '../../framework/sweep/queue/protocol.js';
import { RunStore } from '../../framework/tracking/store.js';
import type { FromReader, ReaderPhase, ToReader } from './load-protocol.js';

const [url, stream, originText, storePath] = process.argv.slice(2);
const origin = Number(originText);
const BATCH = 500;

const store = RunStore.open(storePath!);
const applier = new EventApplier(store, { listener: () => undefined, say: () => {} });
const redis = new Redis(url!, { maxRetriesPerRequest: null });

const phases: ReaderPhase[] = [];
let phase = newPhase('setup');
let phaseStarted = performance.now();
let phaseCpu = cpuSeconds();
let paused = false;
let resumedAt: number | undefined;
let stopping = false;

function newPhase(name: string): ReaderPhase {
  return { name, seconds: 0, entries: 0, events: 0, cpuSeconds: 0, entryLagMs: [], metricLagMs: [] };
}

function closePhase(): void {
  phase.seconds = (performance.now() - phaseStarted) / 1000;
  phase.cpuSeconds = cpuSeconds() - phaseCpu;
  phases.push(phase);
}

function cpuSeconds(): number {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1e6;
}

async function readOnce(): Promise<number> {
  const cursor = store.queueCursor(stream!) ?? '0';
  const reply = await redis.xread('COUNT', BATCH, 'BLOCK', 200, 'STREAMS', stream!, cursor);
  const entries = reply?.[0]?.[1] ?? [];
  for (const [id, fields] of entries) {
    const at = fields.indexOf(EVENTS_FIELD);
    const events = at >= 0 ? (JSON.parse(fields[at + 1]!) as QueueEvent[]) : [];
    applier.applyEntry(stream!, id, events);
    const now = Date.now();
    phase.entries++;
    phase.events += events.length;
    phase.entryLagMs.push(now - Number(id.split('-')[0]));
    for (const event of events) {
      if (event.kind === 'record' && event.record.call === 'logMetrics') phase.metricLagMs.push(now - (origin + event.record.step));
    }
  }
  const last = entries.at(-1)?.[0];
  if (last !== undefined) await redis.xtrim(stream!, 'MINID', last);
  return entries.length;
}

async function loop(): Promise<void> {
  while (!stopping) {
    if (paused) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    const read = await readOnce();
    if (resumedAt !== undefined && read < BATCH) {
      phase.drainedAfterSeconds = (performance.now() - resumedAt) / 1000;
      phase.drainedEvents = phase.events;
      phase.drainedEntries = phase.entries;
      resumedAt = undefined;
    }
  }
  // Stopped: what was sent before the stop is applied too.
  while ((await readOnce()) > 0);
}

process.on('message', (message: ToReader) => {
  switch (message.kind) {
    case 'phase':
      closePhase();
      phase = newPhase(message.name);
      phaseStarted = performance.now();
      phaseCpu = cpuSeconds();
      return;
    case 'pause':
      paused = true;
      return;
    case 'resume':
      paused = false;
      resumedAt = performance.now();
      return;
    case 'stop':
      stopping = true;
  }
});

const running = loop();
process.send!({ kind: 'ready' } satisfies FromReader);
await running;
closePhase();
process.send!({ kind: 'phases', phases } satisfies FromReader, () => {
  store.close();
  redis.disconnect();
  process.disconnect();
});
