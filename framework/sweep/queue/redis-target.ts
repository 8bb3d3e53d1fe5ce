// A --queue address: redis://[user:password@]host:port[/db] (rediss:// for TLS). Checked before any
// connection, and shown without its password in every message.
import { UserError } from '../../cli/io.js';

export interface RedisTarget {
  /** As given: what the Redis client connects with. */
  url: string;
  /** The address with the password masked, for messages. */
  shown: string;
}

export function parseRedisTarget(text: string, flag = '--queue'): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new UserError(`${flag} must be a Redis address such as redis://127.0.0.1:6379, got "${text}"`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new UserError(`${flag} must start with redis:// or rediss://, got "${text}"`);
  }
  if (parsed.hostname === '') throw new UserError(`${flag} names no host: "${text}"`);
  if (parsed.pathname !== '' && parsed.pathname !== '/' && !/^\/\d+$/.test(parsed.pathname)) {
    throw new UserError(`${flag}: after the host comes at most a database number (/0 to /15), got "${parsed.pathname}"`);
  }
  const shown = new URL(text);
  if (shown.password !== '') shown.password = '***';
  return { url: text, shown: shown.toString().replace(/\/$/, '') };
}
