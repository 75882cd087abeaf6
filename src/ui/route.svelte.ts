// The page's address: "#/" is the free mode (the cluster, no lesson), "#/licoes" the lesson index,
// "#/licoes/<id>/<step>" a lesson at a step — a link a teacher can project or share — and
// "#/lado-a-lado" the side-by-side comparison.
export type Route = { kind: 'sandbox' } | { kind: 'index' } | { kind: 'lesson'; id: string; step: number } | { kind: 'compare' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((part) => part.length > 0).map(decodeURIComponent);
  if (parts[0] === 'lado-a-lado') return { kind: 'compare' };
  if (parts[0] !== 'licoes') return { kind: 'sandbox' };
  if (parts.length === 1) return { kind: 'index' };
  const step = Number(parts[2] ?? '1');
  return { kind: 'lesson', id: parts[1]!, step: Number.isInteger(step) && step >= 1 ? step : 1 };
}

export function routeHash(route: Route): string {
  switch (route.kind) {
    case 'sandbox':
      return '#/';
    case 'index':
      return '#/licoes';
    case 'lesson':
      return `#/licoes/${encodeURIComponent(route.id)}/${route.step}`;
    case 'compare':
      return '#/lado-a-lado';
  }
}

/** The current route, following the address bar (back and forward buttons included). */
export class Router {
  #route = $state.raw<Route>({ kind: 'sandbox' });

  constructor(private readonly location: Location) {
    this.#route = parseRoute(location.hash);
  }

  get route(): Route {
    return this.#route;
  }

  /** Call on the window's hashchange. */
  sync(): void {
    this.#route = parseRoute(this.location.hash);
  }

  /** Goes to a route; `replace` keeps the history clean while a lesson moves from step to step. */
  go(route: Route, replace = false): void {
    const hash = routeHash(route);
    if (this.location.hash !== hash) {
      if (replace) history.replaceState(null, '', hash);
      else history.pushState(null, '', hash);
    }
    this.#route = route;
  }
}
