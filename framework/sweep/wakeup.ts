// A loop that sleeps until something changes (a trial ended, a stop was asked): `wait()` sleeps,
// `ring()` wakes the sleeper. A ring while nobody sleeps is not kept: the loop looks at the state
// it waits on before it sleeps again, so nothing is missed.
export class Wakeup {
  private wake: (() => void) | undefined;

  wait(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  ring(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
