import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/env';
import { loadHealthRules } from './health-rules';

const dir = mkdtempSync(join(tmpdir(), 'meshlens-health-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('loadHealthRules', () => {
  it('loads a valid file', () => {
    const lookup = loadHealthRules(
      file(
        'ok.json',
        JSON.stringify({ rules: [{ name: 'cart', tolerances: { http4xx: { failure: 40 } } }] }),
      ),
    );
    expect(lookup({ namespace: 'a', kind: 'app', name: 'cart' }).http4xx).toEqual({
      degraded: 10,
      failure: 40,
    });
  });

  it('names the variable, the file and the problem', () => {
    expect(() => loadHealthRules(join(dir, 'missing.json'))).toThrowError(ConfigError);
    expect(() => loadHealthRules(join(dir, 'missing.json'))).toThrowError(
      /HEALTH_CONFIG: cannot read .*missing\.json as JSON/,
    );
    const bad = file('bad.json', JSON.stringify({ rules: [{ kind: '[', tolerances: {} }] }));
    expect(() => loadHealthRules(bad)).toThrowError(
      `HEALTH_CONFIG: ${bad}: rules.0.kind: is not a valid regular expression`,
    );
  });
});
