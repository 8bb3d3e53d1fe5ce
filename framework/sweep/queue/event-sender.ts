// A worker's side of the event stream: what its trials report is sent in batches (one stream
// entry per sweep every `intervalMs`), in order. A batch that cannot be sent (Redis away) is kept
// and sent again; each event carries its sequence number, so one sent twice is applied once.
import type { Redis } from 'ioredis';
import { EVENTS_FIELD, type QueueEvent } from './protocol.js';

export class EventSender {
  private pending = new Map<string, QueueEvent[]>();
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    private readonly intervalMs = 100,
  ) {}

  add(stream: string, event: QueueEvent): void {
    const batch = this.pending.get(stream);
    if (batch === undefined) this.pending.set(stream, [event]);
    else batch.push(event);
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Sends everything added so far; resolves once Redis has it. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batches = this.pending;
    this.pending = new Map();
    this.sending = this.sending.then(() => this.send(batches));
    return this.sending;
  }

  private async send(batches: Map<string, QueueEvent[]>): Promise<void> {
    for (const [stream, events] of batches) {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.redis.xadd(stream, '*', EVENTS_FIELD, JSON.stringify(events));
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, Math.min(200 * 2 ** attempt, 5_000)));
        }
      }
    }
  }
}
