import { linkKey, parseGapId, parseLink, type LinkKind } from '../../../shared/doc/index.ts';
import type { Gap } from '../../../shared/engine/index.ts';
import type { Formatters } from './format.ts';
import { GAP_KIND_LABEL } from './labels.ts';
import type { ViewId } from '../state/router.svelte.ts';

/**
 * What the links of work items point to, by name: `risk:risks-1a2b` reads "Risk: Resin
 * shortage" and opens the Risks view on it. Built from the cycle's records and the
 * engine's gaps; lookups are made when first needed, so a 5,000-gap plan pays only for
 * what is shown.
 */

/** A record a link can point to, as a person reads it. */
export interface LinkTarget {
  /** The link string, `kind:id`. */
  key: string;
  kind: LinkKind;
  id: string;
  /** `Risk`, `Opportunity`, `Gap` ... */
  kindLabel: string;
  /** The record's title or name. */
  label: string;
  /** Where the link opens. */
  view: ViewId;
  /** False when the record is gone (deleted, or a gap the plan resolved). */
  exists: boolean;
}

/** The records links are read against. */
export interface LinkSources {
  families: readonly { id: string; name: string }[];
  resources: readonly { id: string; name: string }[];
  gaps: readonly Gap[];
  risks: readonly { id: string; title: string; kind: string; links?: string[] }[];
  decisions: readonly { id: string; question: string; links?: string[] }[];
  actions: readonly { id: string; title: string; links?: string[] }[];
  npi: readonly { id: string; name: string }[];
  agenda: readonly { id: string; title: string }[];
  gapNotes: readonly { id: string; links?: string[] }[];
  scenarios: readonly { id: string; name: string }[];
  format: Formatters;
}

/** Where each kind of record is shown. */
export const LINK_VIEW: Record<LinkKind, ViewId> = {
  gap: 'gaps',
  risk: 'risks',
  decision: 'decisions',
  action: 'actions',
  npi: 'npi',
  agenda: 'meeting',
  family: 'plan',
  resource: 'plan',
  scenario: 'scenarios',
};

/** How each kind of link reads. */
export const LINK_KIND_LABEL: Record<LinkKind, string> = {
  gap: 'Gap',
  risk: 'Risk',
  decision: 'Decision',
  action: 'Action',
  npi: 'Product',
  agenda: 'Agenda item',
  family: 'Family',
  resource: 'Resource',
  scenario: 'Scenario',
};

interface Entry {
  label: string;
  kindLabel?: string;
}

/** Names and records by link kind; see the module comment. */
export class LinkCatalog {
  readonly #sources: LinkSources;
  #entries: Map<LinkKind, Map<string, Entry>> | null = null;
  #gaps: Map<string, Gap> | null = null;
  #incoming: Map<string, string[]> | null = null;

  constructor(sources: LinkSources) {
    this.#sources = sources;
  }

  /** The name of a family (or resource, for an overload gap) as the plan has it. */
  subjectName(gapKind: Gap['kind'], subject: string): string {
    const kind: LinkKind = gapKind === 'overload' ? 'resource' : 'family';
    return this.#entry(kind, subject)?.label ?? subject;
  }

  /** The gap with this id in the current plan; undefined once the plan resolved it. */
  gap(id: string): Gap | undefined {
    this.#gaps ??= new Map(this.#sources.gaps.map((gap) => [gap.id, gap]));
    return this.#gaps.get(id);
  }

  /** "Shortage · Cordless drills · Jan 2027" for a gap id, present or resolved. */
  gapLabel(id: string): string {
    const parts = parseGapId(id);
    if (!parts) return id;
    return `${GAP_KIND_LABEL[parts.kind]} · ${this.subjectName(parts.kind, parts.subject)} · ${this.#sources.format.month(parts.period)}`;
  }

  /** What a link points to; a link that does not read as one is shown as its text. */
  resolve(key: string): LinkTarget {
    const link = parseLink(key);
    if (!link) {
      return {
        key,
        kind: 'gap',
        id: key,
        kindLabel: 'Link',
        label: key,
        view: 'gaps',
        exists: false,
      };
    }
    const base = { key, kind: link.kind, id: link.id, view: LINK_VIEW[link.kind] };
    if (link.kind === 'gap') {
      return {
        ...base,
        kindLabel: LINK_KIND_LABEL.gap,
        label: this.gapLabel(link.id),
        exists: this.gap(link.id) !== undefined,
      };
    }
    const entry = this.#entry(link.kind, link.id);
    return {
      ...base,
      kindLabel: entry?.kindLabel ?? LINK_KIND_LABEL[link.kind],
      label: entry?.label ?? link.id,
      exists: entry !== undefined,
    };
  }

  /** Up to `limit` records of a kind whose name holds `query` (any case), in list order. */
  search(kind: LinkKind, query: string, limit = 8): LinkTarget[] {
    const needle = query.trim().toLowerCase();
    const found: LinkTarget[] = [];
    const ids: Iterable<string> =
      kind === 'gap' ? this.#sources.gaps.map((gap) => gap.id) : this.#entries_(kind).keys();
    for (const id of ids) {
      const target = this.resolve(linkKey(kind, id));
      if (needle && !target.label.toLowerCase().includes(needle)) continue;
      found.push(target);
      if (found.length >= limit) break;
    }
    return found;
  }

  /** The records whose links point at `key` (a gap's note, a risk, a decision, an action). */
  linkedFrom(key: string): LinkTarget[] {
    if (!this.#incoming) {
      const incoming = new Map<string, string[]>();
      const add = (from: string, links: string[] | undefined) => {
        for (const to of links ?? []) {
          let list = incoming.get(to);
          if (!list) incoming.set(to, (list = []));
          if (!list.includes(from)) list.push(from);
        }
      };
      const sources = this.#sources;
      for (const note of sources.gapNotes) add(linkKey('gap', note.id), note.links);
      for (const risk of sources.risks) add(linkKey('risk', risk.id), risk.links);
      for (const decision of sources.decisions)
        add(linkKey('decision', decision.id), decision.links);
      for (const action of sources.actions) add(linkKey('action', action.id), action.links);
      this.#incoming = incoming;
    }
    return (this.#incoming.get(key) ?? []).map((from) => this.resolve(from));
  }

  #entry(kind: LinkKind, id: string): Entry | undefined {
    return this.#entries_(kind).get(id);
  }

  #entries_(kind: LinkKind): Map<string, Entry> {
    this.#entries ??= new Map();
    let entries = this.#entries.get(kind);
    if (!entries) {
      entries = this.#read(kind);
      this.#entries.set(kind, entries);
    }
    return entries;
  }

  #read(kind: LinkKind): Map<string, Entry> {
    const sources = this.#sources;
    const named = (records: readonly { id: string }[], label: (record: never) => string) =>
      new Map(records.map((record) => [record.id, { label: label(record as never) }]));
    switch (kind) {
      case 'family':
        return named(sources.families, (family: { name: string }) => family.name);
      case 'resource':
        return named(sources.resources, (resource: { name: string }) => resource.name);
      case 'risk':
        return new Map(
          sources.risks.map((risk) => [
            risk.id,
            { label: risk.title, kindLabel: risk.kind === 'opportunity' ? 'Opportunity' : 'Risk' },
          ]),
        );
      case 'decision':
        return named(sources.decisions, (decision: { question: string }) => decision.question);
      case 'action':
        return named(sources.actions, (action: { title: string }) => action.title);
      case 'npi':
        return named(sources.npi, (item: { name: string }) => item.name);
      case 'agenda':
        return named(sources.agenda, (item: { title: string }) => item.title);
      case 'scenario':
        return named(sources.scenarios, (item: { name: string }) => item.name);
      case 'gap':
        return new Map();
    }
  }
}
