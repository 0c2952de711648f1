// Every route of an express app, read from its router stack (so a new route is fuzzed
// without being listed here): method and path template such as /v1/:prefix/namespaces/:namespace.
import type { Express } from 'express';

export interface RouteInfo {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { path?: unknown; methods?: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function walk(stack: Layer[], prefix: string, out: RouteInfo[]): void {
  for (const layer of stack) {
    if (layer.route && typeof layer.route.path === 'string') {
      for (const method of Object.keys(layer.route.methods ?? {})) out.push({ method: method.toUpperCase(), path: prefix + layer.route.path });
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      walk(layer.handle.stack, prefix + mount, out);
    }
  }
}

export function listRoutes(app: Express): RouteInfo[] {
  const stack = (app as unknown as { router?: { stack: Layer[] } }).router?.stack ?? [];
  const out: RouteInfo[] = [];
  walk(stack, '', out);
  return out;
}
