// Keys for the dashboard's screens. One input subscription for the whole app (the frame's, made when
// the app mounts) hands each key to the screen on top, whose handler is registered while it renders.
// A screen's own useInput would subscribe in an effect, after its first frame is already on the
// terminal: a key pressed in between was lost. Keys that arrive together (tmux send-keys, a paste, a
// fast typist over SSH) come from Ink as one string and are handed over one character at a time.
import { useInput, type Key } from 'ink';
import { createContext, useCallback, useContext, useEffect, useRef } from 'react';

export type KeyHandler = (input: string, key: Key) => void;

/** The handler of the screen that takes keys now; set during render by the screen itself. */
export interface KeyRouter {
  current: { owner: symbol; handler: KeyHandler; capturesText?: () => boolean } | undefined;
}

export const KeyRouterContext = createContext<KeyRouter | undefined>(undefined);

/**
 * A screen's keys. Under a KeyRouter (the app) the handler is registered at once while `active`;
 * outside one (a view rendered on its own) it subscribes to Ink directly. `capturesText`: whether
 * the screen is taking typed text now, so that q, ? and esc are its, not the app's.
 */
export function useKeys(handler: KeyHandler, active = true, capturesText?: () => boolean): void {
  const router = useContext(KeyRouterContext);
  const owner = useRef(Symbol('screen')).current;
  if (router !== undefined) {
    if (active) router.current = { owner, handler, ...(capturesText === undefined ? {} : { capturesText }) };
    else if (router.current?.owner === owner) router.current = undefined;
  }
  useEffect(
    () => () => {
      if (router?.current?.owner === owner) router.current = undefined;
    },
    [router, owner],
  );
  useInputOnce(handler, active && router === undefined);
}

/** Ink's useInput, subscribed once, always calling the latest handler, one character at a time. */
export function useInputOnce(handler: KeyHandler, active = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  const stable = useCallback((input: string, key: Key) => {
    // Escape sequences (arrows, tab, ...) arrive on their own; a longer input is plain characters.
    const characters = [...input];
    if (characters.length <= 1 || key.ctrl || key.meta) latest.current(input, key);
    else for (const character of characters) latest.current(character, keyOf(character, key));
  }, []);
  useInput(stable, { isActive: active });
}

/** What Ink would have said of `character` had it come alone (tab, enter, backspace among them). */
function keyOf(character: string, together: Key): Key {
  return { ...together, tab: character === '\t', return: character === '\r', backspace: character === '\u007f' || character === '\b' };
}
