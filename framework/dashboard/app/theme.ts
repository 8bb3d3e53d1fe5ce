// Colours or none: NO_COLOR (https://no-color.org) turns every colour off. Ink's chalk does not read
// it, so views ask here instead of naming colours outright.
import { createContext, useContext } from 'react';

export interface Theme {
  /** The colour, or undefined when colours are off. */
  color(name: string): string | undefined;
  /** Whether charts can tell series apart by colour (Braille) or need a marker each. */
  colors: boolean;
}

export function themeFor(env: NodeJS.ProcessEnv): Theme {
  const colors = env.NO_COLOR === undefined || env.NO_COLOR === '';
  return { colors, color: (name) => (colors ? name : undefined) };
}

export const ThemeContext = createContext<Theme>(themeFor({}));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
