import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../server/config.ts';

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
