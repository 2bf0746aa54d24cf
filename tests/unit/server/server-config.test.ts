import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../../server/config.ts';

describe('DATABASE_URL', () => {
  it('is off by default: rooms stay in SQLite', () => {
    expect(readConfig({}, '/srv').databaseUrl).toBeNull();
    expect(readConfig({ DATABASE_URL: '  ' }, '/srv').databaseUrl).toBeNull();
  });

  it('takes a postgres:// or postgresql:// URL as given', () => {
    for (const url of [
      'postgres://fulcrum:secret@db.example:5432/fulcrum',
      'postgresql://fulcrum@localhost/fulcrum?sslmode=require',
      'postgresql:///fulcrum?host=/var/run/postgresql',
    ]) {
      expect(readConfig({ DATABASE_URL: ` ${url} ` }, '/srv').databaseUrl).toBe(url);
    }
  });

  it('refuses anything else, saying what to set and never echoing the value', () => {
    const cases: [string, string][] = [
      ['mysql://root:hunter2@localhost/fulcrum', 'got a mysql:// URL'],
      ['fulcrum:hunter2@db.example:5432/fulcrum', 'got something that is not a URL'],
      ['hunter2 at localhost', 'got something that is not a URL'],
    ];
    for (const [value, got] of cases) {
      let error: unknown;
      try {
        readConfig({ DATABASE_URL: value }, '/srv');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(
        /^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL such as /,
      );
      expect(message).toContain(got);
      expect(message).not.toContain('hunter2');
    }
  });
});

describe('REDIS_URL', () => {
  const db = 'postgresql://fulcrum@localhost:5432/fulcrum';

  it('is off by default: one relay process', () => {
    expect(readConfig({ DATABASE_URL: db }, '/srv').redisUrl).toBeNull();
  });

  it('takes a redis:// URL beside DATABASE_URL', () => {
    expect(readConfig({ DATABASE_URL: db, REDIS_URL: 'redis://cache:6379' }, '/srv').redisUrl).toBe(
      'redis://cache:6379',
    );
  });

  it('needs DATABASE_URL, and refuses what is not a Redis URL without echoing it', () => {
    expect(() => readConfig({ REDIS_URL: 'redis://cache:6379' }, '/srv')).toThrow(
      /^REDIS_URL needs DATABASE_URL/,
    );
    let error: unknown;
    try {
      readConfig({ DATABASE_URL: db, REDIS_URL: 'http://user:hunter2@cache' }, '/srv');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect((error as Error).message).not.toContain('hunter2');
  });
});
