// Child process of the load benchmark: many workers at once, each with its own connection and its
// own EventSender (the class a real worker batches with), each logging a trial's training metrics
// at a given rate plus a heartbeat every 5 s, started at random moments so that their batches do
// not all arrive together. Started by load.ts with: URL STREAM ORIGIN WORKERS.
import { Redis } from 'ioredis';
import { EventSender } from '../../framework/sweep/queue/event-sender.js';
import type { QueueEvent } from '../../framework/sweep/queue/protocol.js';
import type { RecordCall } from '../../framework/sweep/record-call.js';
import type { SendersCount, ToSenders } from './load-protocol.js';

const [url, stream, originText, workersText] = process.argv.slice(2);
const origin = Number(originText);
const TICK_MS = 100;
const HEARTBEAT_MS = 5_000;

/** What a trial's createRun carries: its resolved config, about the size of a real one. */
const CONFIG = {
  name: 'load',
  seed: 3,
  backend: 'wasm',
  dataset: { type: 'text-file', path: 'corpus.txt' },
  tokenizer: { type: 'char' },
  model: { type: 'gpt', n_layer: 4, n_embd: 128, block_size: 64, attention: { type: 'causal-self-attention', n_head: 4 }, dropout: 0 },
  optimizer: { type: 'adamw', lr: 1e-3, weight_decay: 0.1, beta1: 0.9, beta2: 0.99 },
  train: { batch_size: 12, max_iters: 100_000, eval_interval: 250, eval_iters: 20, log_interval: 1, grad_clip: 1 },
  sample: { tokens: 200, prompt: '', temperature: 0.8, top_k: 40 },
};

/** An event as a trial emits it; the worker adds where it comes from (job, attempt, seq). */
type Unnumbered<E> = E extends QueueEvent ? Omit<E, 'job' | 'attempt' | 'seq'> : never;

let events = 0;
let stepsPerSecond = 0;

class SimulatedWorker {
  private readonly redis = new Redis(url!, { maxRetriesPerRequest: null });
  private readonly sender = new EventSender(this.redis);
  private seq = 0;
  private owed = 0;
  private lastHeartbeat = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly job: string) {}

  start(): void {
    this.record({ call: 'createRun', input: { name: this.job, config: CONFIG, configHash: this.job, seed: 3, backend: 'wasm' } });
    this.emit({ kind: 'started', worker: this.job, maxSteps: CONFIG.train.max_iters });
    this.record({ call: 'setBackend', backend: 'wasm' });
    this.record({ call: 'setInfo', info: { host: 'load', worker: this.job, parameters: 800_000 } });
    setTimeout(() => (this.timer = setInterval(() => this.tick(), TICK_MS)), Math.random() * TICK_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sender.flush();
    this.redis.disconnect();
  }

  private tick(): void {
    this.owed += (stepsPerSecond * TICK_MS) / 1000;
    for (; this.owed >= 1; this.owed--) {
      const step = Date.now() - origin;
      this.record({ call: 'logMetrics', step, values: { 'train/loss': 2 + Math.random(), 'train/lr': 1e-3, 'train/grad_norm': Math.random(), 'perf/step_ms': 90 + Math.random() * 20, 'perf/tokens_per_s': 8000 + Math.random() * 500 } });
    }
    if (Date.now() - this.lastHeartbeat >= HEARTBEAT_MS) {
      this.lastHeartbeat = Date.now();
      this.record({ call: 'heartbeat' });
    }
  }

  private record(record: RecordCall): void {
    this.emit({ kind: 'record', record });
  }

  private emit(event: Unnumbered<QueueEvent>): void {
    events++;
    this.sender.add(stream!, { ...event, job: this.job, attempt: 1, seq: ++this.seq } as QueueEvent);
  }
}

const workers = Array.from({ length: Number(workersText) }, (_, i) => new SimulatedWorker(`load-${i + 1}`));
for (const worker of workers) worker.start();

process.on('message', (message: ToSenders) => {
  if (message.kind === 'rate') stepsPerSecond = message.stepsPerSecond;
  else if (message.kind === 'count') reply();
  else void Promise.all(workers.map((w) => w.stop())).then(() => (reply(), process.disconnect()));
});

function reply(): void {
  const cpu = process.cpuUsage();
  const count: SendersCount = { kind: 'count', events, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  process.send!(count);
}
