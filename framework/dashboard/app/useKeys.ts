// useInput, made safe for keys that come fast. Ink re-subscribes a changed handler in an effect after
// each render, so a key arriving in between reached the previous render's handler (and acted on what
// was selected before); and keys that arrive together (tmux send-keys, a paste, a fast typist over
// SSH) come as one string. This subscribes once, calls the latest render's handler, one key at a time.
import { useInput, type Key } from 'ink';
import { useCallback, useRef } from 'react';

export function useKeys(handler: (input: string, key: Key) => void, active = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  const stable = useCallback((input: string, key: Key) => {
    // Escape sequences (arrows, tab, ...) arrive on their own; a longer input is plain characters.
    const characters = [...input];
    if (characters.length <= 1 || key.ctrl || key.meta) latest.current(input, key);
    else for (const character of characters) latest.current(character, key);
  }, []);
  useInput(stable, { isActive: active });
}
