/** The views of a cycle, in the order of the navigation. */
export const VIEWS = [
  { id: 'plan', label: 'Plan' },
  { id: 'scenarios', label: 'Scenarios' },
  { id: 'gaps', label: 'Gaps' },
  { id: 'meeting', label: 'Meeting' },
  { id: 'risks', label: 'Risks & opportunities' },
  { id: 'decisions', label: 'Decisions' },
  { id: 'actions', label: 'Actions' },
  { id: 'npi', label: 'Product development' },
  { id: 'stages', label: 'Stages' },
  { id: 'minutes', label: 'Minutes' },
  { id: 'catchup', label: 'Since you were here' },
  { id: 'history', label: 'History' },
] as const;

/** A view of a cycle. */
export type ViewId = (typeof VIEWS)[number]['id'];

/** Where the page is. */
export type Route =
  | { kind: 'home' }
  | { kind: 'cycle'; workspace: string; cycle: string; view: ViewId; item: string | null };

const VIEW_IDS = new Set<string>(VIEWS.map((view) => view.id));

/** Reads a path: `/`, or `/w/<workspace>/<cycle>/<view>[/<item>]`. */
export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'w' && parts.length >= 3) {
    const view = parts[3] && VIEW_IDS.has(parts[3]) ? (parts[3] as ViewId) : 'plan';
    return { kind: 'cycle', workspace: parts[1], cycle: parts[2], view, item: parts[4] ?? null };
  }
  return { kind: 'home' };
}

/** The path of a route. */
export function routePath(route: Route): string {
  if (route.kind === 'home') return '/';
  const base = `/w/${encodeURIComponent(route.workspace)}/${encodeURIComponent(route.cycle)}/${route.view}`;
  return route.item ? `${base}/${encodeURIComponent(route.item)}` : base;
}

/**
 * The page's route, kept in the address bar (so a link or a reload opens the same view)
 * and followed on back and forward.
 */
export class Router {
  #route = $state.raw<Route>(parseRoute(location.pathname));

  constructor() {
    addEventListener('popstate', () => (this.#route = parseRoute(location.pathname)));
  }

  get route(): Route {
    return this.#route;
  }

  /** Goes to a route; `replace` keeps the history entry (used for redirects). */
  go(route: Route, replace = false): void {
    const path = routePath(route);
    if (path !== location.pathname) {
      if (replace) history.replaceState(null, '', path);
      else history.pushState(null, '', path);
    }
    this.#route = route;
  }
}
