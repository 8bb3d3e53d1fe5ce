// A --queue address: redis://[user:password@]host:port[/db] (rediss:// for TLS). Checked before any
// connection, and shown without its password in every message. A password in the URL is visible
// to other users of the machine (ps), so it may come from FOLIO_REDIS_PASSWORD instead.
import { UserError } from '../../errors.js';

export interface RedisTarget {
  /** As given: what the Redis client connects with. */
  url: string;
  /** The address with the password masked, for messages. */
  shown: string;
}

export const PASSWORD_VARIABLE = 'FOLIO_REDIS_PASSWORD';

export function parseRedisTarget(text: string, env: NodeJS.ProcessEnv, flag = '--queue'): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new UserError(`${flag} must be a Redis address such as redis://127.0.0.1:6379, got "${masked(text)}"`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new UserError(`${flag} must start with redis:// or rediss://, got "${masked(text)}"`);
  }
  if (parsed.hostname === '') throw new UserError(`${flag} names no host: "${masked(text)}"`);
  if (parsed.pathname !== '' && parsed.pathname !== '/' && !/^\/\d+$/.test(parsed.pathname)) {
    throw new UserError(`${flag}: after the host comes at most a database number (/0 to /15), got "${parsed.pathname}"`);
  }
  const password = env[PASSWORD_VARIABLE];
  if (parsed.password === '' && password !== undefined && password !== '') parsed.password = encodeURIComponent(password);
  const shown = new URL(parsed);
  if (shown.password !== '') shown.password = '***';
  return { url: parsed.toString(), shown: shown.toString().replace(/\/$/, '') };
}

/** An address as typed, its password (if any) masked: for messages about one that cannot be parsed. */
function masked(text: string): string {
  return text.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
