import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API, apiPath } from './api';

const APP_API = join(__dirname, '../../app/api');

/** Every route file under app/api: its path, the methods it serves and its source. */
function routeFiles(): { file: string; path: string; methods: string[]; source: string }[] {
  return (
    (readdirSync(APP_API, { recursive: true }) as string[])
      .filter((f) => f.endsWith(`${sep}route.ts`) || f === 'route.ts')
      .map((f) => {
        const dir = relative(APP_API, join(APP_API, f, '..'));
        const source = readFileSync(join(APP_API, f), 'utf8');
        return {
          file: f,
          path: `/api/${dir.split(sep).join('/')}`.replace(/\[(\w+)\]/g, '{$1}'),
          methods: [...source.matchAll(/export (?:const|async function) (GET|POST|PUT|DELETE)\b/g)]
            .map((m) => m[1] as string)
            .sort(),
          source,
        };
      })
      // The catch-all answers 404 for paths that are not ours.
      .filter((r) => !r.path.includes('[...'))
  );
}

describe('the API table', () => {
  it('has a route for every method of every route file, and no other', () => {
    const served = routeFiles().flatMap((r) => r.methods.map((m) => `${m} ${r.path}`));
    const listed = Object.values(API).map((r) => `${r.method} ${r.path}`);
    expect([...served].sort()).toEqual([...listed].sort());
  });

  it('is what each handler labels its metrics with', () => {
    for (const { file, path, source } of routeFiles()) {
      const named = [...source.matchAll(/API\.(\w+)/g)].map((m) => m[1] as keyof typeof API);
      expect(named.length, `${file} names its route from the table`).toBeGreaterThan(0);
      for (const name of named) expect(API[name]?.path, file).toBe(path);
    }
  });
});

describe('apiPath', () => {
  it('fills and encodes path parameters, then adds the query', () => {
    expect(apiPath(API.routing, { namespace: 'book info', service: 'reviews/v2' })).toBe(
      '/api/namespaces/book%20info/services/reviews%2Fv2/routing',
    );
    expect(apiPath(API.graph, {}, { namespaces: 'a,b', duration: '5m' })).toBe(
      '/api/graph?namespaces=a%2Cb&duration=5m',
    );
    expect(apiPath(API.healthz, {})).toBe('/api/healthz');
  });

  it('refuses a route whose parameter has no value', () => {
    expect(() => apiPath(API.trace, {} as { traceId: string })).toThrow('{traceId}');
  });
});
