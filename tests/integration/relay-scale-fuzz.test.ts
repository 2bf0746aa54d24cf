import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import * as cmd from '../../shared/doc/index.ts';
import { collection } from '../../shared/doc/layout.ts';
import { reconcile } from '../../shared/engine/index.ts';
import { seededRandom } from '../../shared/random.ts';
import { documentOperations } from '../convergence/doc-fuzz.ts';
import { postgresForFile } from '../helpers/postgres.ts';
import { redisForFile } from '../helpers/redis.ts';
import {
  connectClient,
  relaysForFile,
  synced,
  testToken,
  waitFor,
  type TestClient,
} from '../helpers/relay.ts';

/**
 * The seeded convergence fuzz across relay processes: four people on three relays that
 * share one PostgreSQL and one Redis run random commands on every collection while they
 * drop offline, come back and move to another relay. In the end everyone, and a newcomer
 * loading from the store, holds the same document, plan and engine output. A failure names
 * its seed (FUZZ_SEED=<seed> replays it); FUZZ_SEEDS runs more.
 */
const freshDatabase = postgresForFile();
const theRedis = redisForFile();
const relay = relaysForFile();
const count = Number(process.env.FUZZ_SEEDS ?? 3);
const first = Number(process.env.FUZZ_SEED ?? 1);
const seeds = process.env.FUZZ_SEED ? [first] : Array.from({ length: count }, (_, i) => first + i);

const snapshot = (doc: Y.Doc) => JSON.stringify(cmd.docSnapshot(doc));

describe('convergence across relay processes', () => {
  it.each(seeds)(
    'seed %i: people on three relays end with the same document and results',
    async (seed) => {
      const label = `FUZZ_SEED=${seed}`;
      const databaseUrl = await freshDatabase();
      const { url: redisUrl } = await theRedis();
      const room = `acme/fuzz-${process.pid}-${seed}`;
      const relays = await Promise.all(
        [1, 2, 3].map(() => relay({ databaseUrl, redisUrl, cycles: [room] })),
      );
      const rnd = seededRandom(seed);
      // The operations cover every collection, the agenda, sign-offs for any function and
      // records for any person included: facilitators may make all of them.
      const facilitator = testToken('facilitator');
      const plan = generateDemoPlan({ families: 6, periods: 4, resources: 3, seed });
      const people: { client: TestClient; at: number; online: boolean }[] = [0, 1, 2, 3].map(
        (i) => ({
          client: connectClient(relays[i % 3].syncUrl, room, { token: facilitator }),
          at: i % 3,
          online: true,
        }),
      );
      await Promise.all(people.map(({ client }) => synced(client)));
      cmd.importPlan(people[0].client.doc, plan);
      cmd.addStandardAgenda(people[0].client.doc);
      await waitFor(`${label}: everyone to get the plan`, () =>
        people.every(({ client }) => collection(client.doc, 'families').size === 6),
      );

      const ops = documentOperations(rnd, plan);
      let failed = 0;
      let refused = 0;
      // A change made offline can meet a rule another person's change made binding meanwhile
      // (an outcome set while someone closed the item): the relay refuses it with 4403 and
      // the page's copy takes no more changes. The person reloads the cycle from the server,
      // as the page offers.
      const reloadIfRefused = (person: (typeof people)[number]) => {
        if (!person.client.closeCodes.includes(4403)) return;
        refused++;
        person.client.destroy();
        person.client = connectClient(relays[person.at].syncUrl, room, { token: facilitator });
        person.online = true;
      };
      for (let step = 0; step < 120; step++) {
        const person = rnd.pick(people);
        reloadIfRefused(person);
        if (rnd.chance(0.06)) {
          person.online = !person.online;
          if (person.online) person.client.provider.connect();
          else person.client.provider.disconnect();
        } else if (rnd.chance(0.04)) {
          // Reconnects to another relay with the same document, as after a load balancer moved them.
          person.at = (person.at + 1 + rnd.int(2)) % 3;
          person.client.provider.destroy();
          person.client = connectClient(relays[person.at].syncUrl, room, {
            doc: person.client.doc,
            token: facilitator,
          });
          person.online = true;
        }
        try {
          rnd.pick(ops)(person.client.doc);
        } catch {
          failed++; // refused by its checks: wrote nothing
        }
        if (rnd.chance(0.3)) await new Promise((resolve) => setTimeout(resolve, rnd.int(15)));
      }
      expect(failed, label).toBeLessThan(60);
      for (const person of people) if (!person.online) person.client.provider.connect();
      await waitFor(
        `${label}: everyone to converge`,
        () => {
          people.forEach(reloadIfRefused);
          return new Set(people.map(({ client }) => snapshot(client.doc))).size === 1;
        },
        20_000,
      );
      expect(refused, `${label}: copies refused`).toBeLessThan(people.length * 2);
      const newcomer = connectClient(relays[rnd.int(3)].syncUrl, room, { token: facilitator });
      await synced(newcomer);
      await waitFor(
        `${label}: a newcomer to load the same document`,
        () => snapshot(newcomer.doc) === snapshot(people[0].client.doc),
      );
      const docs = [...people.map(({ client }) => client.doc), newcomer.doc];
      const results = docs.map((doc) => JSON.stringify(reconcile(cmd.docToPlan(doc))));
      expect(new Set(results).size, `${label}: engine output differs`).toBe(1);
    },
    60_000,
  );
});
