import * as Y from 'yjs';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import * as cmd from '../../shared/doc/index.ts';
import { collection } from '../../shared/doc/layout.ts';
import { parsePlan, reconcile, type Plan } from '../../shared/engine/index.ts';
import { seededRandom, type SeededRandom } from '../../shared/random.ts';

/** What every peer ends with: equal snapshots, plans and engine output, or the difference. */
export interface FuzzOutcome {
  seed: number;
  operations: number;
  failedCommands: number;
  snapshots: string[];
  plans: string[];
  /** How many peers' plans pass the plan file's own validation. */
  validPlans: number;
  results: string[];
  projections: string[];
}

/**
 * Runs `steps` random commands over every collection (deletes included) on `peers`
 * peers whose updates travel through a network that reorders, duplicates and holds
 * them while peers are disconnected; then delivers everything and reads every peer.
 */
export function runDocFuzz(seed: number, steps = 150, peers = 5): FuzzOutcome {
  const rnd = seededRandom(seed);
  const docs = Array.from({ length: peers }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = i + 1;
    return doc;
  });
  const plan = generateDemoPlan({ families: 6, periods: 4, resources: 3, seed });
  cmd.importPlan(docs[0], plan);
  cmd.addStandardAgenda(docs[0]);
  for (const doc of docs.slice(1)) Y.applyUpdate(doc, Y.encodeStateAsUpdate(docs[0]));
  const projections = docs.map((doc) => new cmd.PlanProjection(doc));

  // The network: every update is queued for every other peer.
  const queues: Uint8Array[][] = docs.map(() => []);
  const online = docs.map(() => true);
  docs.forEach((doc, from) =>
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'network') return;
      docs.forEach((_, to) => to !== from && queues[to].push(update));
    }),
  );
  const deliver = (to: number, count: number) => {
    const queue = queues[to];
    for (let i = 0; i < count && queue.length > 0; i++) {
      const at = rnd.int(queue.length);
      const update = queue[at];
      if (!rnd.chance(0.2)) queue.splice(at, 1); // else delivered now and again later
      Y.applyUpdate(docs[to], update, 'network');
    }
  };

  let failedCommands = 0;
  const ops = documentOperations(rnd, plan);

  for (let step = 0; step < steps; step++) {
    const who = rnd.int(peers);
    if (rnd.chance(0.05)) online[who] = !online[who];
    try {
      rnd.pick(ops)(docs[who]);
    } catch {
      failedCommands++; // refused by its checks: wrote nothing
    }
    const to = rnd.int(peers);
    if (online[to]) deliver(to, rnd.int(4));
    if (rnd.chance(0.3)) void projections[rnd.int(peers)].result; // read results mid-run too
  }
  // Everyone reconnects; the network drains, then peers exchange state to finish.
  docs.forEach((_, to) => deliver(to, Number.MAX_SAFE_INTEGER));
  for (const a of docs)
    for (const b of docs)
      if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'network');

  const outcome: FuzzOutcome = {
    seed,
    operations: steps,
    failedCommands,
    snapshots: docs.map((doc) => JSON.stringify(cmd.docSnapshot(doc))),
    plans: docs.map((doc) => JSON.stringify(cmd.docToPlan(doc))),
    validPlans: docs.filter((doc) => parsePlan(cmd.docToPlan(doc)).ok).length,
    results: docs.map((doc) => JSON.stringify(reconcile(cmd.docToPlan(doc)))),
    projections: projections.map((p) => JSON.stringify(p.result)),
  };
  projections.forEach((p) => p.destroy());
  docs.forEach((doc) => doc.destroy());
  return outcome;
}

/** The seeded generator the fuzz draws from (a failing seed replays exactly). */
export type Random = SeededRandom;

/**
 * The random commands the fuzz runs, over every collection (deletes included), each a
 * function of the peer's document. A command may throw when its checks refuse it.
 */
export function documentOperations(rnd: Random, plan: Plan): ((doc: Y.Doc) => void)[] {
  return [
    (d) =>
      cmd.setCell(
        d,
        rnd.pick(['demand', 'supply', 'budget'] as const),
        rnd.pick(familyIds(d)),
        rnd.pick(plan.periods),
        rnd.int(500),
      ),
    (d) =>
      cmd.setCell(d, 'capacity', rnd.pick(resourceIds(d)), rnd.pick(plan.periods), rnd.int(900)),
    (d) =>
      cmd.setCell(
        d,
        rnd.pick(['actual', 'forecast'] as const),
        rnd.pick(familyIds(d)),
        rnd.pick(['2026-09', '2026-10', '2026-11']),
        rnd.int(500),
      ),
    (d) => cmd.clearCell(d, 'demand', rnd.pick(familyIds(d)), rnd.pick(plan.periods)),
    // Functions adjust the same family-months at once; the consensus must converge.
    (d) =>
      cmd.adjustDemand(
        d,
        {
          family: rnd.pick(familyIds(d)),
          month: rnd.pick(plan.periods.slice(0, 3)),
          stream: rnd.pick(['sales', 'marketing']),
          amount: rnd.int(200) - 100,
          reason: rnd.pick(['promotion', 'customer order']),
        },
        rnd.pick(['Sam', 'Mia']),
      ),
    (d) =>
      cmd.clearAdjustment(d, {
        family: rnd.pick(familyIds(d)),
        month: rnd.pick(plan.periods.slice(0, 3)),
        stream: rnd.pick(['sales', 'marketing']),
      }),
    (d) =>
      rnd.chance(0.5)
        ? cmd.setConsensus(
            d,
            {
              family: rnd.pick(familyIds(d)),
              month: rnd.pick(plan.periods.slice(0, 3)),
              value: rnd.int(400),
              reason: 'other',
            },
            'Fran',
          )
        : cmd.clearConsensus(d, {
            family: rnd.pick(familyIds(d)),
            month: rnd.pick(plan.periods.slice(0, 3)),
          }),
    (d) =>
      cmd.updateFamily(
        d,
        rnd.pick(familyIds(d)),
        rnd.pick([
          { price: rnd.int(90) + 1 },
          { name: `Family ${rnd.int(99)}` },
          { maxCover: rnd.chance(0.5) ? undefined : rnd.int(6) },
          { safetyStock: rnd.int(50) },
        ]),
      ),
    (d) =>
      cmd.addFamily(d, {
        id: `F-${rnd.int(4)}-${rnd.int(1000)}`,
        name: 'New family',
        price: 10,
        unitCost: 6,
        openingInventory: rnd.int(100),
      }),
    (d) => cmd.deleteFamily(d, rnd.pick(familyIds(d))),
    (d) => cmd.addResource(d, { id: `R-${rnd.int(1000)}`, name: 'New line' }),
    (d) => cmd.deleteResource(d, rnd.pick(resourceIds(d))),
    (d) =>
      cmd.setLoad(d, rnd.pick(familyIds(d)), rnd.pick(resourceIds(d)), rnd.pick([0, 0.5, 1, 2])),
    (d) => cmd.removeLoad(d, rnd.pick(familyIds(d)), rnd.pick(resourceIds(d))),
    (d) =>
      cmd.addRisk(
        d,
        {
          title: 'Supplier delay',
          kind: rnd.pick(['risk', 'opportunity'] as const),
          probability: rnd.int(5) + 1,
          impact: rnd.int(5) + 1,
          status: 'open',
          raisedIn: plan.cycle,
        },
        `risk-${rnd.int(6)}`,
      ),
    (d) =>
      cmd.updateRisk(
        d,
        `risk-${rnd.int(6)}`,
        rnd.pick([
          { probability: rnd.int(5) + 1 },
          { owner: 'Ana' },
          { status: 'closed' as const },
        ]),
      ),
    (d) =>
      cmd.archiveRecord(d, 'risks', `risk-${rnd.int(6)}`, {
        at: `2026-12-05T10:0${rnd.int(10)}:00Z`,
      }),
    (d) => cmd.restoreFromArchive(d, 'risks', `risk-${rnd.int(6)}`),
    (d) =>
      cmd.addDecision(
        d,
        { question: 'Add a shift?', status: 'proposed', madeIn: plan.cycle },
        `decision-${rnd.int(4)}`,
      ),
    (d) =>
      cmd.updateDecision(d, `decision-${rnd.int(4)}`, {
        status: rnd.pick(['agreed', 'rejected', 'deferred'] as const),
        rationale: 'Margin',
      }),
    (d) =>
      cmd.addAction(
        d,
        {
          title: 'Call supplier',
          owner: rnd.pick(['Ana', 'Ben']),
          due: '2026-12-20',
          status: 'open',
          raisedIn: plan.cycle,
        },
        `action-${rnd.int(4)}`,
      ),
    (d) =>
      cmd.updateAction(d, `action-${rnd.int(4)}`, {
        status: rnd.pick(['done', 'dropped', 'open'] as const),
      }),
    (d) =>
      cmd.archiveRecord(d, 'actions', `action-${rnd.int(4)}`, {
        at: '2026-12-05T11:00:00Z',
        by: 'Ben',
      }),
    (d) =>
      cmd.addNpiItem(
        d,
        { name: 'Cordless saw', stage: 'development', plannedLaunch: '2027-03' },
        `npi-${rnd.int(3)}`,
      ),
    (d) =>
      cmd.setGapNote(d, `shortage:${rnd.pick(familyIds(d))}:${rnd.pick(plan.periods)}`, {
        owner: rnd.pick(['Ana', 'Ben']),
        status: rnd.pick(['open', 'inProgress', 'resolved'] as const),
      }),
    (d) =>
      cmd.closeAgendaItem(d, `agenda-${rnd.int(10) + 1}`, {
        kind: 'noted',
        by: rnd.pick(['Ana', 'Ben']),
        at: `t${rnd.int(100)}`,
      }),
    (d) =>
      cmd.reopenAgendaItem(d, `agenda-${rnd.int(10) + 1}`, {
        by: rnd.pick(['Ana', 'Ben']),
        at: `2026-12-05T10:${String(rnd.int(60)).padStart(2, '0')}:00Z`,
        why: 'Reopened to look again',
      }),
    (d) =>
      cmd
        .agendaNotes(d, `agenda-${rnd.int(10) + 1}`)
        .insert(0, rnd.pick(['Agreed. ', 'Check capacity. ', 'Owner: Ana. '])),
    (d) =>
      cmd.updateAgendaItem(d, `agenda-${rnd.int(10) + 1}`, {
        order: rnd.next() * 10,
        timeBoxMinutes: rnd.int(20) + 1,
      }),
    (d) => cmd.startAgendaItem(d, `agenda-${rnd.int(10) + 1}`, `t${rnd.int(100)}`),
    (d) =>
      cmd.setStage(d, rnd.pick(['demand', 'supply', 'financial'] as const), {
        status: rnd.pick(['inProgress', 'done'] as const),
        owner: rnd.pick(['Ana', 'Ben']),
      }),
    (d) =>
      cmd.signOff(
        d,
        'demand',
        rnd.pick(['sales', 'finance'] as const),
        rnd.chance(0.3) ? undefined : 'Ana',
        't1',
      ),
    (d) =>
      cmd.addAttendance(
        d,
        { name: rnd.pick(['Ana', 'Ben', 'Chloe']), present: rnd.chance(0.8) },
        `person-${rnd.int(3)}`,
      ),
    (d) =>
      cmd.addComment(
        d,
        {
          anchorKind: 'family',
          anchor: rnd.pick(familyIds(d)),
          text: 'Why the jump?',
          author: 'Ben',
          at: 't2',
        },
        `comment-${rnd.int(5)}`,
      ),
    (d) => cmd.deleteComment(d, `comment-${rnd.int(5)}`),
  ];
}

function familyIds(doc: Y.Doc): string[] {
  return [...collection(doc, 'families').keys(), 'ghost'].sort();
}

function resourceIds(doc: Y.Doc): string[] {
  return [...collection(doc, 'resources').keys(), 'ghost'].sort();
}

/** One update a person's command made, as the server's copy is about to receive it. */
export interface CommandUpdate {
  step: number;
  update: Uint8Array;
  /** The server's copy, not yet holding `update` (it is applied after the caller reads). */
  server: Y.Doc;
}

/**
 * A seeded run of the product's own commands on a person's copy of a cycle (the plan of
 * `planSeed` with the standard agenda), yielding each command's update before the
 * server's copy applies it: what a relay would check. `extra` adds commands of the
 * caller's. A command its checks refuse writes nothing and yields nothing.
 */
export function* commandUpdates(options: {
  seed: number;
  plan: Plan;
  steps: number;
  extra?: readonly ((doc: Y.Doc) => void)[];
}): Generator<CommandUpdate> {
  const rnd = seededRandom(options.seed);
  const server = new Y.Doc();
  server.clientID = 1;
  cmd.importPlan(server, options.plan);
  cmd.addStandardAgenda(server);
  const person = new Y.Doc();
  person.clientID = 2;
  Y.applyUpdate(person, Y.encodeStateAsUpdate(server));
  const ops = [...documentOperations(rnd, options.plan), ...(options.extra ?? [])];
  for (let step = 0; step < options.steps; step++) {
    const before = Y.encodeStateVector(person);
    try {
      rnd.pick(ops)(person);
    } catch {
      continue; // a command its checks refused wrote nothing
    }
    const update = Y.encodeStateAsUpdate(person, before);
    yield { step, update, server };
    Y.applyUpdate(server, update);
  }
}
