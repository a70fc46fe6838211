/** Label selectors as Kubernetes reads them (`matchLabels`, a Service's `selector`). Pure. */

type Labels = Readonly<Record<string, unknown>>;

/** Every label of `selector` is on `labels`: an empty selector matches everything. */
export const selectorMatches = (
  selector: Labels,
  labels: Readonly<Record<string, string>>,
): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);

/**
 * A non-empty selector picks these labels. As for a Service, whose empty selector picks no pod
 * (its endpoints are managed by hand), and a pod template's labels, which name its pods.
 */
export const selectorPicks = (
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean => Object.keys(selector).length > 0 && selectorMatches(selector, labels);
