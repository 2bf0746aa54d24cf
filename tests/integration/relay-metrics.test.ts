import { describe, expect, it } from 'vitest';
import { RELAY_DEFAULTS } from '../../server/config.ts';
import { postgresForFile } from '../helpers/postgres.ts';
import { redisForFile } from '../helpers/redis.ts';
import {
  closeOf,
  connectClient,
  openRawSocket,
  relaysForFile,
  synced,
  testToken,
  waitFor,
} from '../helpers/relay.ts';

const freshDatabase = postgresForFile();
const theRedis = redisForFile();
const relay = relaysForFile();

/**
 * A real relay on 127.0.0.1 with the relay's own settings (rooms unload on the default
 * delay) but a small rate limit, and an optional METRICS_TOKEN.
 */
async function start(metricsToken?: string) {
  const server = await relay({
    metricsToken,
    settings: { unloadDelayMs: RELAY_DEFAULTS.unloadDelayMs, rateBurst: 20, ratePerSecond: 5 },
  });
  return { server, url: `http://127.0.0.1:${server.port}`, syncUrl: server.syncUrl };
}

/** Reads `/metrics` and returns each sample's value by its name with labels. */
async function scrape(url: string, token?: string): Promise<Map<string, number>> {
  const response = await fetch(`${url}/metrics`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return samplesOf(await response.text());
}

function samplesOf(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

describe('GET /metrics', () => {
  it('shows connections, rooms, stored updates, bytes and storage latency moving as a client edits', async () => {
    const { url, syncUrl } = await start();
    const before = await scrape(url);
    expect(before.get('fulcrum_connections')).toBe(0);
    expect(before.get('fulcrum_rooms_loaded')).toBe(0);
    expect(before.get('fulcrum_document_updates_stored_total')).toBe(0);
    // Fan-out counters exist but stay at zero without REDIS_URL.
    expect(before.get('fulcrum_fanout_published_total')).toBe(0);
    // prom-client's process metrics come along.
    expect(before.get('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(before.has('nodejs_eventloop_lag_seconds')).toBe(true);

    const ana = connectClient(syncUrl, 'acme/2026-12');
    const ben = connectClient(syncUrl, 'acme/2026-12');
    await Promise.all([synced(ana), synced(ben)]);
    for (let i = 0; i < 10; i++) ana.doc.getMap('demand').set(`k${i}|2027-01`, i);
    await waitFor('Ben to see the edits', () => ben.doc.getMap('demand').size === 10);

    const after = await scrape(url);
    expect(after.get('fulcrum_connections')).toBe(2);
    expect(after.get('fulcrum_rooms_loaded')).toBe(1);
    expect(after.get('fulcrum_document_updates_stored_total')).toBeGreaterThanOrEqual(10);
    expect(after.get('fulcrum_websocket_received_bytes_total')).toBeGreaterThan(0);
    expect(after.get('fulcrum_websocket_sent_bytes_total')).toBeGreaterThan(0);
    expect(after.get('fulcrum_storage_append_duration_seconds_count')).toBeGreaterThanOrEqual(10);
    expect(after.get('fulcrum_storage_load_duration_seconds_count')).toBe(1);
    expect(after.get('fulcrum_storage_append_duration_seconds_bucket{le="+Inf"}')).toBe(
      after.get('fulcrum_storage_append_duration_seconds_count'),
    );
    // No label names a room or a person.
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).not.toContain('acme');
    expect(text).not.toContain('Test editor');
  });

  it('counts refused connections and frames under their reason', async () => {
    const { url, syncUrl } = await start();
    const noToken = await openRawSocket(`${syncUrl}/acme/2026-12`);
    expect((await closeOf(noToken)).code).toBe(4401);
    const otherWorkspace = await openRawSocket(
      `${syncUrl}/acme/2026-12?token=${testToken('editor', { workspace: 'globex' })}`,
    );
    expect((await closeOf(otherWorkspace)).code).toBe(4403);
    const garbled = await openRawSocket(`${syncUrl}/acme/2026-12?token=${testToken('editor')}`);
    garbled.send(Buffer.from([0xff, 0xff, 0xff]));
    expect((await closeOf(garbled)).code).toBe(1002);
    // The burst allows 20 messages: the 21st is one too many.
    const flooder = await openRawSocket(`${syncUrl}/acme/2026-12?token=${testToken('editor')}`);
    for (let i = 0; i < 30; i++) flooder.send('x');
    expect((await closeOf(flooder)).code).toBe(1008);

    const samples = await scrape(url);
    const refusals = (reason: string) => samples.get(`fulcrum_refusals_total{reason="${reason}"}`);
    expect(refusals('unauthorized')).toBe(1);
    expect(refusals('forbidden')).toBe(1);
    expect(refusals('protocol_error')).toBe(1);
    expect(refusals('rate_limited')).toBe(1);
    expect(refusals('invalid_payload')).toBe(0);
    expect(refusals('shutting_down')).toBe(0);
  });

  it('asks for METRICS_TOKEN when one is set', async () => {
    const { url } = await start('metrics-secret-token');
    const missing = await fetch(`${url}/metrics`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect(await missing.json()).toEqual({
      error: 'Unauthorized: /metrics needs the metrics token',
    });
    const wrong = await fetch(`${url}/metrics`, {
      headers: { Authorization: 'Bearer metrics-secret-tokeN' },
    });
    expect(wrong.status).toBe(401);
    const samples = await scrape(url, 'metrics-secret-token');
    expect(samples.get('fulcrum_connections')).toBe(0);
  });

  it('counts fan-out messages published and received between relays sharing Redis', async () => {
    const databaseUrl = await freshDatabase();
    const { url: redisUrl } = await theRedis();
    const room = `acme/metrics-${process.pid}`;
    const [first, second] = await Promise.all([
      relay({ databaseUrl, redisUrl, cycles: [room] }),
      relay({ databaseUrl, redisUrl, cycles: [room] }),
    ]);
    const ana = connectClient(first.syncUrl, room);
    const ben = connectClient(second.syncUrl, room);
    await Promise.all([synced(ana), synced(ben)]);
    for (let i = 0; i < 5; i++) ana.doc.getMap('demand').set(`k${i}|2027-01`, i);
    await waitFor('Ben to hear the edits through Redis', () => ben.doc.getMap('demand').size === 5);
    const sent = samplesOf(await first.metrics.text());
    const heard = samplesOf(await second.metrics.text());
    // Five updates, and awareness: published by the first, heard by the second.
    expect(sent.get('fulcrum_fanout_published_total')).toBeGreaterThanOrEqual(5);
    expect(heard.get('fulcrum_fanout_received_total')).toBeGreaterThanOrEqual(5);
    expect(sent.get('fulcrum_fanout_failed_total')).toBe(0);
    expect(heard.get('fulcrum_document_updates_stored_total')).toBe(0);
  });
});
