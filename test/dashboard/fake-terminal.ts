// Just enough of a terminal stream for Ink to draw on: a size, write, events; keeps what it is sent.
import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';

export class FakeTerminal extends EventEmitter {
  readonly isTTY = true;
  readonly chunks: string[] = [];

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }

  write(chunk: string, callback?: () => void): boolean {
    this.chunks.push(chunk);
    callback?.();
    return true;
  }

  /** Everything drawn so far, without colours and cursor moves. */
  get text(): string {
    return stripVTControlCharacters(this.chunks.join(''));
  }

  /** As the stream Ink's render() takes. */
  get stream(): NodeJS.WriteStream {
    return this as unknown as NodeJS.WriteStream;
  }
}
