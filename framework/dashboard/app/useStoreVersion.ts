// A number that goes up whenever the store changed under the dashboard (another process committed),
// found by polling SQLite's data_version: one pragma per poll, no reading while nothing changes.
import { useEffect, useState } from 'react';
import type { StoreReader } from '../../tracking/store-reader.js';

export interface StoreVersionOptions {
  /** How often to look (ms); new runs show within this. */
  pollMs: number;
  /**
   * While some run is live, bump anyway this often (ms): a run whose heartbeat stops turns
   * 'crashed' with the passing of time alone, with nothing committed.
   */
  liveRefreshMs?: number;
  live: boolean;
}

export function useStoreVersion(reader: StoreReader, { pollMs, liveRefreshMs = 10_000, live }: StoreVersionOptions): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    // Unknown at first: what was read while rendering may predate a commit made before this effect
    // ran, so the first poll always counts as a change (one extra reading, nothing missed).
    let token: number | undefined;
    const poll = setInterval(() => {
      const current = reader.changeToken();
      if (current === token) return;
      token = current;
      setVersion((v) => v + 1);
    }, pollMs);
    return () => clearInterval(poll);
  }, [reader, pollMs]);
  useEffect(() => {
    if (!live) return;
    const refresh = setInterval(() => setVersion((v) => v + 1), liveRefreshMs);
    return () => clearInterval(refresh);
  }, [live, liveRefreshMs]);
  return version;
}
