/**
 * A subset of what Istio's validating webhook rejects for VirtualService and DestinationRule,
 * so the demo answers 422 where a real cluster would refuse the object.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 */

export interface FieldCause {
  field: string;
  message: string;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const DURATION = /^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

class Checker {
  readonly causes: FieldCause[] = [];

  fail(field: string, message: string): void {
    this.causes.push({ field, message });
  }

  // JSON null means "unset" to the API server, exactly like a missing field.
  array(value: unknown, field: string, each: (item: unknown, field: string) => void): void {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) return this.fail(field, 'must be a list');
    value.forEach((item, i) => each(item, `${field}[${i}]`));
  }

  object(value: unknown, field: string, then: (value: Obj) => void): void {
    if (value === undefined || value === null) return;
    if (!isObj(value)) return this.fail(field, 'must be an object');
    then(value);
  }

  int(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'number' || !Number.isInteger(value))
      return this.fail(field, 'must be an integer');
    if (value < min || value > max)
      this.fail(field, `must be between ${min} and ${max}, got ${value}`);
  }

  percent(value: unknown, field: string): void {
    this.object(value, field, (p) => {
      if (typeof p.value !== 'number' || p.value < 0 || p.value > 100) {
        this.fail(`${field}.value`, 'must be a number between 0 and 100');
      }
    });
  }

  duration(value: unknown, field: string): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string' || !DURATION.test(value)) {
      this.fail(field, `must be a duration such as 1.5s or 300ms, got ${JSON.stringify(value)}`);
    }
  }

  requiredString(value: unknown, field: string): void {
    if (typeof value !== 'string' || value.trim() === '') this.fail(field, 'Required value');
  }
}

function checkDestinations(c: Checker, routes: unknown, field: string, required: boolean): void {
  if (routes === undefined || routes === null) {
    if (required) c.fail(field, 'Required value: a route needs at least one destination');
    return;
  }
  if (!Array.isArray(routes) || routes.length === 0) {
    return c.fail(field, 'must be a non-empty list of destinations');
  }
  let total = 0;
  c.array(routes, field, (item, f) =>
    c.object(item, f, (r) => {
      if (!isObj(r.destination)) return c.fail(`${f}.destination`, 'Required value');
      c.requiredString(r.destination.host, `${f}.destination.host`);
      if (r.destination.subset != null && typeof r.destination.subset !== 'string') {
        c.fail(`${f}.destination.subset`, 'must be a string');
      }
      c.int(r.weight, `${f}.weight`, 0, 2147483647);
      if (typeof r.weight === 'number') total += r.weight;
    }),
  );
  if (routes.length > 1 && total === 0)
    c.fail(field, 'total destination weight must be greater than 0');
}

function checkHttpRoute(c: Checker, route: unknown, f: string): void {
  c.object(route, f, (r) => {
    checkDestinations(c, r.route, `${f}.route`, r.redirect == null && r.directResponse == null);
    c.array(r.match, `${f}.match`, (m, mf) =>
      c.object(m, mf, (match) =>
        c.object(match.headers, `${mf}.headers`, (headers) => {
          for (const [name, value] of Object.entries(headers)) {
            const kinds = isObj(value)
              ? Object.keys(value).filter((k) => ['exact', 'prefix', 'regex'].includes(k))
              : [];
            if (kinds.length !== 1)
              c.fail(`${mf}.headers.${name}`, 'must set exactly one of exact, prefix, regex');
          }
        }),
      ),
    );
    c.duration(r.timeout, `${f}.timeout`);
    c.object(r.retries, `${f}.retries`, (retries) => {
      c.int(retries.attempts, `${f}.retries.attempts`, 0);
      c.duration(retries.perTryTimeout, `${f}.retries.perTryTimeout`);
    });
    c.object(r.fault, `${f}.fault`, (fault) => {
      c.object(fault.delay, `${f}.fault.delay`, (delay) => {
        c.duration(delay.fixedDelay, `${f}.fault.delay.fixedDelay`);
        c.percent(delay.percentage, `${f}.fault.delay.percentage`);
      });
      c.object(fault.abort, `${f}.fault.abort`, (abort) => {
        c.int(abort.httpStatus, `${f}.fault.abort.httpStatus`, 200, 599);
        c.percent(abort.percentage, `${f}.fault.abort.percentage`);
      });
    });
    c.percent(r.mirrorPercentage, `${f}.mirrorPercentage`);
  });
}

function checkVirtualService(c: Checker, spec: Obj): void {
  if (!Array.isArray(spec.hosts) || spec.hosts.length === 0) {
    c.fail('spec.hosts', 'Required value: at least one host');
  } else {
    spec.hosts.forEach((h, i) => c.requiredString(h, `spec.hosts[${i}]`));
  }
  c.array(spec.http, 'spec.http', (route, f) => checkHttpRoute(c, route, f));
  c.array(spec.tcp, 'spec.tcp', (route, f) =>
    c.object(route, f, (r) => checkDestinations(c, r.route, `${f}.route`, true)),
  );
}

function checkDestinationRule(c: Checker, spec: Obj): void {
  c.requiredString(spec.host, 'spec.host');
  const names = new Set<string>();
  c.array(spec.subsets, 'spec.subsets', (subset, f) =>
    c.object(subset, f, (s) => {
      if (typeof s.name !== 'string' || !DNS_LABEL.test(s.name)) {
        c.fail(`${f}.name`, 'must be a DNS-1123 label');
      } else if (names.has(s.name)) {
        c.fail(`${f}.name`, `duplicate subset name ${s.name}`);
      } else {
        names.add(s.name);
      }
      c.object(s.labels, `${f}.labels`, () => undefined);
    }),
  );
  c.object(spec.trafficPolicy, 'spec.trafficPolicy', (policy) => {
    c.object(policy.outlierDetection, 'spec.trafficPolicy.outlierDetection', (o) => {
      c.int(o.consecutive5xxErrors, 'spec.trafficPolicy.outlierDetection.consecutive5xxErrors', 0);
      c.duration(o.interval, 'spec.trafficPolicy.outlierDetection.interval');
      c.duration(o.baseEjectionTime, 'spec.trafficPolicy.outlierDetection.baseEjectionTime');
      c.int(o.maxEjectionPercent, 'spec.trafficPolicy.outlierDetection.maxEjectionPercent', 0, 100);
    });
  });
}

/** Returns what Istio would reject in `object`, or an empty list when it is acceptable. */
export function validateIstioObject(kind: string, object: Obj): FieldCause[] {
  const c = new Checker();
  const name = isObj(object.metadata) ? object.metadata.name : undefined;
  if (typeof name !== 'string' || !DNS_SUBDOMAIN.test(name)) {
    c.fail('metadata.name', 'must be a lowercase RFC 1123 subdomain');
  }
  if (!isObj(object.spec)) {
    c.fail('spec', 'Required value');
    return c.causes;
  }
  if (kind === 'VirtualService') checkVirtualService(c, object.spec);
  if (kind === 'DestinationRule') checkDestinationRule(c, object.spec);
  return c.causes;
}
