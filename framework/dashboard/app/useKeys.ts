// useInput with a handler that never changes identity. Ink re-subscribes a changed handler in an
// effect after each render, and a key that arrives in between (keys sent in a burst, as tmux or a
// paste does) would reach no one; this subscribes once and calls the latest render's handler.
import { useInput, type Key } from 'ink';
import { useCallback, useRef } from 'react';

export function useKeys(handler: (input: string, key: Key) => void, active = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  const stable = useCallback((input: string, key: Key) => latest.current(input, key), []);
  useInput(stable, { isActive: active });
}
