import type { EdgeData, GraphResponse, NodeData } from '../contracts/graph';
import { nodeErrorPercent, nodeRequestRate } from '../graph/compare';
import { nodeLabel } from './cy-elements';

/**
 * The find/hide language of the graph toolbar, after Kiali's:
 *
 *   expr    := and ( (OR | `||`) and )*
 *   and     := unary ( (AND | `&&`) unary )*
 *   unary   := `!` unary | `(` expr `)` | term
 *   term    := field op value | flag
 *
 * Text fields (`name`, `ns`, `app`, `version`, `workload`, `service`) take `=` or `!=` and a
 * value where `*` matches anything. Numeric fields (`rps`, `%err`, `rt` in ms, `mtls` in %)
 * take `>`, `>=`, `<`, `<=`, `=`, `!=`; in a compared graph `Δrps`, `Δ%err` and `Δrt` (or
 * `delta.rps` …) are the changes since the baseline. Flags: `healthy`, `degraded`, `failure`, `notready`,
 * `mtls`, `root`, `outside`, `idle`, `http`, `grpc`, `tcp`, `service`, `workload`, `app`,
 * `unknown`. Fields a kind of element lacks are false for it (`rt` never matches a node).
 */

/** An element of the graph, as find/hide sees it. */
export type FilterTarget = { kind: 'node'; data: NodeData } | { kind: 'edge'; data: EdgeData };

export type Predicate = (target: FilterTarget) => boolean;

export type ParseResult = { ok: true; predicate: Predicate } | { ok: false; error: string };

type Token = {
  kind: 'word' | 'number' | 'op' | 'not' | 'open' | 'close' | 'and' | 'or' | 'string';
  text: string;
  at: number;
};

const TEXT_FIELDS = [
  'name',
  'ns',
  'namespace',
  'app',
  'version',
  'workload',
  'service',
  'cluster',
] as const;
const NUMBER_FIELDS = [
  'rps',
  '%err',
  'err',
  'rt',
  'mtls',
  // Changes against the baseline of a compared graph (`Δ` lower-cases to `δ`; `delta.` is
  // the same for keyboards without it).
  'δrps',
  'δ%err',
  'δrt',
  'delta.rps',
  'delta.%err',
  'delta.rt',
] as const;
const FLAGS = [
  'healthy',
  'degraded',
  'failure',
  'notready',
  'mtls',
  'root',
  'outside',
  'idle',
  'http',
  'grpc',
  'tcp',
  'service',
  'workload',
  'app',
  'unknown',
] as const;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:(&&|\|\|)|(>=|<=|!=|=|>|<)|(!)|(\()|(\))|"([^"]*)"|(-?\d+(?:\.\d+)?)(?![\w*.-])|([%Δδ\w*.\-/]+))/y;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (!m || m[0].trim() === '') {
      const rest = text.slice(at);
      if (rest.trim() === '') break;
      const position = at + rest.length - rest.trimStart().length + 1;
      throw new SyntaxError(
        `unexpected character ${JSON.stringify(rest.trim()[0])} at position ${position}`,
      );
    }
    const start = at + m[0].length - m[0].trimStart().length;
    at += m[0].length;
    if (m[1]) tokens.push({ kind: m[1] === '&&' ? 'and' : 'or', text: m[1], at: start });
    else if (m[2]) tokens.push({ kind: 'op', text: m[2], at: start });
    else if (m[3]) tokens.push({ kind: 'not', text: '!', at: start });
    else if (m[4]) tokens.push({ kind: 'open', text: '(', at: start });
    else if (m[5]) tokens.push({ kind: 'close', text: ')', at: start });
    else if (m[6] !== undefined) tokens.push({ kind: 'string', text: m[6], at: start });
    else if (m[7]) tokens.push({ kind: 'number', text: m[7], at: start });
    else if (m[8]) {
      const upper = m[8].toUpperCase();
      tokens.push({
        kind: upper === 'AND' ? 'and' : upper === 'OR' ? 'or' : upper === 'NOT' ? 'not' : 'word',
        text: m[8],
        at: start,
      });
    }
  }
  return tokens;
}

const wildcard = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );

function textOf(target: FilterTarget, field: (typeof TEXT_FIELDS)[number]): string[] {
  if (target.kind === 'edge') return [];
  const n = target.data;
  switch (field) {
    case 'name':
      return [nodeLabel(n), n.workload, n.app, n.service].filter((v): v is string => Boolean(v));
    case 'ns':
    case 'namespace':
      return [n.namespace];
    default:
      return n[field] ? [n[field] as string] : [];
  }
}

type NumberField = (typeof NUMBER_FIELDS)[number];

/** The change of a figure since the baseline; undefined outside a compared graph. */
function changeOf(target: FilterTarget, field: 'rps' | '%err' | 'rt'): number | undefined {
  const was = target.data.compared;
  if (!was) return undefined;
  const now = numberOf(target, field);
  if (now === undefined) return undefined;
  // A new element had none of it; a vanished one has none now (its figures are zero).
  const before =
    field === 'rps' ? was.rate : field === '%err' ? was.errorPercent : was.responseTimeMs;
  if (was.status === 'new') return field === 'rt' ? undefined : now;
  return before === undefined ? undefined : now - before;
}

function numberOf(target: FilterTarget, field: NumberField): number | undefined {
  if (field.startsWith('δ') || field.startsWith('delta.')) {
    const base = field.replace(/^(δ|delta\.)/, '');
    return changeOf(target, base === 'rps' ? 'rps' : base === 'rt' ? 'rt' : '%err');
  }
  if (target.kind === 'edge') {
    const e = target.data;
    if (field === 'rps') return e.protocol === 'tcp' ? undefined : e.rate;
    if (field === '%err' || field === 'err')
      return e.protocol === 'tcp' ? undefined : e.errorPercent;
    if (field === 'rt') return e.responseTimeMs;
    return e.mtlsPercent;
  }
  if (field === 'rps') return nodeRequestRate(target.data);
  if (field === '%err' || field === 'err') return nodeErrorPercent(target.data);
  return undefined;
}

function flag(target: FilterTarget, name: (typeof FLAGS)[number]): boolean {
  const health = target.data.health.status;
  switch (name) {
    case 'healthy':
    case 'degraded':
    case 'failure':
      return health === name;
    case 'notready':
      return health === 'notReady';
    case 'mtls':
      return (
        target.kind === 'edge' &&
        target.data.mtlsPercent !== undefined &&
        target.data.mtlsPercent >= 100
      );
    case 'http':
    case 'grpc':
    case 'tcp':
      return target.kind === 'edge'
        ? target.data.protocol === name
        : target.data.traffic.some((t) => t.protocol === name);
    case 'root':
      return target.kind === 'node' && target.data.isRoot;
    case 'outside':
      return target.kind === 'node' && target.data.isOutside;
    case 'idle':
      return target.kind === 'node' && Boolean(target.data.isIdle);
    default:
      return target.kind === 'node' && target.data.nodeType === name;
  }
}

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '=':
      return a === b;
    default:
      return a !== b;
  }
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Predicate {
    const predicate = this.or();
    const extra = this.tokens[this.i];
    if (extra)
      throw new SyntaxError(
        `expected AND or OR before ${JSON.stringify(extra.text)} at position ${extra.at + 1}`,
      );
    return predicate;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private or(): Predicate {
    let left = this.and();
    while (this.peek()?.kind === 'or') {
      this.i += 1;
      const a = left;
      const b = this.and();
      left = (t) => a(t) || b(t);
    }
    return left;
  }

  private and(): Predicate {
    let left = this.unary();
    while (this.peek()?.kind === 'and') {
      this.i += 1;
      const a = left;
      const b = this.unary();
      left = (t) => a(t) && b(t);
    }
    return left;
  }

  private unary(): Predicate {
    const token = this.peek();
    if (!token) throw new SyntaxError('the expression ends too early');
    if (token.kind === 'not') {
      this.i += 1;
      const inner = this.unary();
      return (t) => !inner(t);
    }
    if (token.kind === 'open') {
      this.i += 1;
      const inner = this.or();
      if (this.peek()?.kind !== 'close')
        throw new SyntaxError(`missing ) for the ( at position ${token.at + 1}`);
      this.i += 1;
      return inner;
    }
    return this.term();
  }

  private term(): Predicate {
    const token = this.tokens[this.i++] as Token;
    if (token.kind !== 'word')
      throw new SyntaxError(
        `expected a field or flag at position ${token.at + 1}, got ${JSON.stringify(token.text)}`,
      );
    const field = token.text.toLowerCase();
    const op = this.peek();
    if (op?.kind !== 'op') {
      if ((FLAGS as readonly string[]).includes(field))
        return (t) => flag(t, field as (typeof FLAGS)[number]);
      throw new SyntaxError(
        `unknown flag ${JSON.stringify(token.text)}; flags are ${FLAGS.join(', ')}`,
      );
    }
    this.i += 1;
    const value = this.tokens[this.i++];
    if (!value || !['word', 'number', 'string'].includes(value.kind)) {
      throw new SyntaxError(`expected a value after ${token.text}${op.text}`);
    }
    if ((TEXT_FIELDS as readonly string[]).includes(field)) {
      if (op.text !== '=' && op.text !== '!=')
        throw new SyntaxError(`${token.text} takes = or !=, not ${op.text}`);
      const re = wildcard(value.text);
      const negate = op.text === '!=';
      return (t) =>
        textOf(t, field as (typeof TEXT_FIELDS)[number]).some((v) => re.test(v)) !== negate;
    }
    if ((NUMBER_FIELDS as readonly string[]).includes(field)) {
      const n = Number(value.text);
      if (value.kind !== 'number' || Number.isNaN(n))
        throw new SyntaxError(
          `${token.text} compares with a number, got ${JSON.stringify(value.text)}`,
        );
      return (t) => {
        const v = numberOf(t, field as (typeof NUMBER_FIELDS)[number]);
        return v !== undefined && compare(v, op.text, n);
      };
    }
    throw new SyntaxError(
      `unknown field ${JSON.stringify(token.text)}; fields are ${[...TEXT_FIELDS, ...NUMBER_FIELDS].join(', ')}`,
    );
  }
}

/** Parses a find/hide expression; an empty one matches nothing. */
export function parseFilter(text: string): ParseResult {
  if (text.trim() === '') return { ok: true, predicate: () => false };
  try {
    return { ok: true, predicate: new Parser(tokenize(text)).parse() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Removes hidden nodes (with their edges) and hidden edges, so they leave the layout too. */
export function hideElements(graph: GraphResponse, hide: Predicate): GraphResponse {
  const nodes = graph.elements.nodes.filter((n) => !hide({ kind: 'node', data: n.data }));
  const kept = new Set(nodes.map((n) => n.data.id));
  const edges = graph.elements.edges.filter(
    (e) =>
      kept.has(e.data.source) && kept.has(e.data.target) && !hide({ kind: 'edge', data: e.data }),
  );
  return { ...graph, elements: { nodes, edges } };
}

/** Ids of the elements a find expression matches. */
export function findElements(graph: GraphResponse, find: Predicate): Set<string> {
  return new Set([
    ...graph.elements.nodes
      .filter((n) => find({ kind: 'node', data: n.data }))
      .map((n) => n.data.id),
    ...graph.elements.edges
      .filter((e) => find({ kind: 'edge', data: e.data }))
      .map((e) => e.data.id),
  ]);
}
