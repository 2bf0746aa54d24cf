import { describe, expect, it } from 'vitest';
import { ConfigError, HTTP_DEFAULTS, readConfig } from '../../../server/config.ts';

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

describe('the HTTP settings', () => {
  it('have stated defaults', () => {
    expect(readConfig({}, '/srv').http).toEqual({
      maxBodyBytes: 1024 * 1024,
      maxImportBytes: 64 * 1024 * 1024,
      requestTimeoutMs: 120_000,
      headersTimeoutMs: 20_000,
      keepAliveTimeoutMs: 5_000,
    });
    expect(readConfig({}, '/srv').http).toEqual(HTTP_DEFAULTS);
  });

  it('are each set from the environment', () => {
    const env = {
      MAX_BODY_BYTES: '2048',
      MAX_IMPORT_BYTES: '1000000',
      REQUEST_TIMEOUT_MS: '30000',
      HEADERS_TIMEOUT_MS: '30000',
      KEEP_ALIVE_TIMEOUT_MS: '65000',
    };
    expect(readConfig(env, '/srv').http).toEqual({
      maxBodyBytes: 2048,
      maxImportBytes: 1_000_000,
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 30_000,
      keepAliveTimeoutMs: 65_000,
    });
  });

  it('refuse a value that is not a whole number, or headers allowed longer than the request', () => {
    expect(() => readConfig({ MAX_BODY_BYTES: '1MB' }, '/srv')).toThrow(
      'MAX_BODY_BYTES must be a whole number of at least 1, got "1MB"',
    );
    expect(() => readConfig({ REQUEST_TIMEOUT_MS: '0' }, '/srv')).toThrow(ConfigError);
    expect(() =>
      readConfig({ REQUEST_TIMEOUT_MS: '10000', HEADERS_TIMEOUT_MS: '20000' }, '/srv'),
    ).toThrow(
      'HEADERS_TIMEOUT_MS (20000) must be at most REQUEST_TIMEOUT_MS (10000): the headers are part of the request',
    );
  });
});

describe('the relay’s limits', () => {
  it('have stated defaults', () => {
    const relay = readConfig({}, '/srv').relay;
    expect(relay.maxUpdateBytes).toBe(8 * 1024 * 1024);
    expect(relay.maxRoomBytes).toBe(32 * 1024 * 1024);
    expect(relay.personUpdatesPerMinute).toBe(6_000);
    expect(relay.personBytesPerMinute).toBe(16 * 1024 * 1024);
    expect(relay.connectionsPerInvite).toBe(20);
  });

  it('are each set from the environment, and refuse what is not a whole number', () => {
    const env = {
      MAX_UPDATE_BYTES: '65536',
      MAX_ROOM_BYTES: '1048576',
      PERSON_UPDATES_PER_MINUTE: '600',
      PERSON_BYTES_PER_MINUTE: '2097152',
      CONNECTIONS_PER_INVITE: '4',
    };
    expect(readConfig(env, '/srv').relay).toMatchObject({
      maxUpdateBytes: 65_536,
      maxRoomBytes: 1_048_576,
      personUpdatesPerMinute: 600,
      personBytesPerMinute: 2_097_152,
      connectionsPerInvite: 4,
    });
    expect(() => readConfig({ CONNECTIONS_PER_INVITE: '0' }, '/srv')).toThrow(
      'CONNECTIONS_PER_INVITE must be a whole number of at least 1, got "0"',
    );
  });
});
