import { afterAll } from 'vitest';
import { givenRedis, startRedisServer, type TestRedis } from './redis-server.ts';

export type { TestRedis } from './redis-server.ts';

/**
 * For one test file: returns a function that gives the file's Redis, started on the first
 * call. With `REDIS_URL` set, that server (tests then use room names of their own, since
 * channels are shared). Without it, a private `redis-server` from Debian's package (see
 * {@link startRedisServer}), stopped when the file ends.
 */
export function redisForFile(): () => Promise<TestRedis> {
  let redis: Promise<TestRedis> | null = null;
  afterAll(async () => {
    if (redis) await (await redis).stop();
  });
  return () =>
    (redis ??= process.env.REDIS_URL
      ? Promise.resolve(givenRedis(process.env.REDIS_URL))
      : startRedisServer());
}
