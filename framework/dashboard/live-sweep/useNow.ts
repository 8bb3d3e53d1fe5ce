// A clock that ticks: the elapsed time and ETA move on between events, which may be minutes apart.
import { useEffect, useState } from 'react';

export function useNow(clock: () => number, everyMs: number): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), everyMs);
    // The ticking alone must not keep the process alive once the sweep is done.
    timer.unref?.();
    return () => clearInterval(timer);
  }, [clock, everyMs]);
  return now;
}
