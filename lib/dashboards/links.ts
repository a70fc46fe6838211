/**
 * Links that open a chart's PromQL elsewhere: Prometheus' own UI (its `/graph` page, which
 * Prometheus 3 still serves) and Grafana Explore (its `panes` URL state, Grafana 10 and later).
 * Every part is encoded by URLSearchParams; nothing is pasted into a URL as is.
 */

const base = (url: string): string => url.replace(/\/+$/, '');

/** The chart's queries as Prometheus UI tabs, over the same range ending at the same moment. */
export function prometheusLink(
  uiUrl: string,
  queries: readonly string[],
  rangeSec: number,
  endSec: number,
): string {
  const params = new URLSearchParams();
  queries.forEach((expr, i) => {
    params.set(`g${i}.expr`, expr);
    params.set(`g${i}.tab`, '0');
    params.set(`g${i}.range_input`, `${rangeSec}s`);
    params.set(`g${i}.end_input`, new Date(endSec * 1000).toISOString());
  });
  return `${base(uiUrl)}/graph?${params}`;
}

/** The chart's queries in one Grafana Explore pane, on the given Prometheus data source. */
export function grafanaExploreLink(
  grafanaUrl: string,
  datasourceUid: string,
  queries: readonly string[],
  startSec: number,
  endSec: number,
): string {
  const datasource = { type: 'prometheus', uid: datasourceUid };
  const pane = {
    datasource: datasourceUid,
    queries: queries.map((expr, i) => ({
      refId: String.fromCharCode(65 + (i % 26)),
      expr,
      datasource,
    })),
    range: { from: String(startSec * 1000), to: String(endSec * 1000) },
  };
  const params = new URLSearchParams({
    schemaVersion: '1',
    panes: JSON.stringify({ a: pane }),
    orgId: '1',
  });
  return `${base(grafanaUrl)}/explore?${params}`;
}
