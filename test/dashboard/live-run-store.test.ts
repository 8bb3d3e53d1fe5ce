import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLiveRunStore } from '../../framework/dashboard/live-run/live-run-store.js';
import { startEvent, stepEvents } from './fixtures.js';

describe('createLiveRunStore', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('publishes at once, then at most once per throttle period', () => {
    const store = createLiveRunStore({ throttleMs: 100, now: () => Date.now() });
    const heard = vi.fn();
    store.subscribe(heard);
    store.dispatch(startEvent);
    expect(heard).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot().status).toBe('running');

    const snapshot = store.getSnapshot();
    for (const event of stepEvents()) store.dispatch(event);
    expect(heard).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot()).toBe(snapshot); // stable until published

    vi.advanceTimersByTime(100);
    expect(heard).toHaveBeenCalledTimes(2);
    expect(store.getSnapshot().step).toBe(250);
  });

  it('flushes pending state on demand and stops a pending publication on dispose', () => {
    const store = createLiveRunStore({ throttleMs: 100, now: () => Date.now() });
    const heard = vi.fn();
    const unsubscribe = store.subscribe(heard);
    store.dispatch(startEvent);
    store.dispatch(stepEvents()[0]!);
    store.flush();
    expect(heard).toHaveBeenCalledTimes(2);
    expect(store.getSnapshot().step).toBe(50);

    store.dispatch(stepEvents()[1]!);
    store.dispose();
    vi.advanceTimersByTime(500);
    expect(heard).toHaveBeenCalledTimes(2);

    unsubscribe();
    store.flush();
    expect(heard).toHaveBeenCalledTimes(2);
    expect(store.getSnapshot().step).toBe(100);
  });
});
