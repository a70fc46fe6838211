/**
 * Authentication and RBAC for the demo's Kubernetes API, like the real API server's: bearer
 * tokens map to users and groups; rules grant verbs on resources, optionally in some
 * namespaces. Off unless the demo is started with a table (DEMO_AUTH=true uses the one below).
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */

export interface DemoUser {
  name: string;
  groups: string[];
}

/** One grant: subjects are user names or `group:<name>`; `*` matches anything. */
export interface RbacRule {
  subjects: string[];
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  /** Namespaces it applies in; absent means cluster-wide. */
  namespaces?: string[];
}

export interface DemoAuth {
  tokens: Readonly<Record<string, DemoUser>>;
  rules: readonly RbacRule[];
}

/** What a request asks to do, as Kubernetes authorizes it. */
export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
}

/** The demo's users: an admin, a viewer, an editor of routing in bookinfo, and Meshlens itself. */
export const DEFAULT_DEMO_AUTH: DemoAuth = {
  tokens: {
    'demo-admin-token': { name: 'admin', groups: ['system:masters', 'system:authenticated'] },
    'demo-viewer-token': { name: 'viewer', groups: ['viewers', 'system:authenticated'] },
    'demo-editor-token': {
      name: 'editor',
      groups: ['viewers', 'bookinfo-routing-editors', 'system:authenticated'],
    },
    // Meshlens' own service account, as deploy/ grants it: read everything, edit routing in
    // bookinfo, and keep the shared sign-out record in istio-system.
    'demo-meshlens-token': {
      name: 'system:serviceaccount:istio-system:meshlens',
      groups: [
        'viewers',
        'bookinfo-routing-editors',
        'system:serviceaccounts',
        'system:authenticated',
      ],
    },
    // An authenticating proxy's own identity: it may act as the users it signed in.
    'demo-proxy-token': { name: 'oauth2-proxy', groups: ['impersonators', 'system:authenticated'] },
  },
  rules: [
    { subjects: ['group:system:masters'], verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    {
      subjects: ['group:viewers'],
      verbs: ['get', 'list', 'watch'],
      apiGroups: ['*'],
      resources: ['*'],
    },
    {
      subjects: ['group:impersonators'],
      verbs: ['impersonate'],
      apiGroups: [''],
      resources: ['users', 'groups'],
    },
    {
      subjects: ['group:bookinfo-routing-editors'],
      verbs: ['create', 'update', 'patch', 'delete'],
      apiGroups: ['networking.istio.io'],
      resources: ['virtualservices', 'destinationrules'],
      namespaces: ['bookinfo'],
    },
    {
      subjects: ['group:bookinfo-routing-editors'],
      verbs: ['create', 'update', 'patch', 'delete'],
      apiGroups: ['gateway.networking.k8s.io'],
      resources: ['httproutes'],
      namespaces: ['bookinfo'],
    },
    {
      subjects: ['system:serviceaccount:istio-system:meshlens'],
      verbs: ['create', 'update'],
      apiGroups: [''],
      resources: ['configmaps'],
      namespaces: ['istio-system'],
    },
  ],
};

/** The user of an `Authorization: Bearer <token>` header, or undefined. */
export function authenticate(
  auth: DemoAuth,
  authorization: string | undefined,
): DemoUser | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match ? auth.tokens[match[1] as string] : undefined;
}

const matches = (list: readonly string[], value: string) =>
  list.includes('*') || list.includes(value);

/** Whether any rule grants the request to the user. */
export function authorize(auth: DemoAuth, user: DemoUser, attributes: ResourceAttributes): boolean {
  const subjects = [user.name, ...user.groups.map((g) => `group:${g}`)];
  return auth.rules.some(
    (rule) =>
      rule.subjects.some((s) => subjects.includes(s)) &&
      matches(rule.verbs, attributes.verb) &&
      matches(rule.apiGroups, attributes.group) &&
      matches(rule.resources, attributes.resource) &&
      (rule.namespaces === undefined ||
        (attributes.namespace !== undefined && rule.namespaces.includes(attributes.namespace))),
  );
}

/** The API server's wording for a refused request. */
export function forbiddenMessage(user: DemoUser, a: ResourceAttributes): string {
  const what = `${a.resource}${a.group ? `.${a.group}` : ''}${a.name ? ` "${a.name}"` : ''}`;
  const where = a.namespace ? ` in the namespace "${a.namespace}"` : ' at the cluster scope';
  return `${what} is forbidden: User "${user.name}" cannot ${a.verb} resource "${a.resource}" in API group "${a.group}"${where}`;
}

/**
 * `Impersonate-User` / `Impersonate-Group`: the caller acts as another user if RBAC lets it
 * impersonate them. Returns the effective user, or a refusal message.
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation
 */
export function impersonate(
  auth: DemoAuth,
  caller: DemoUser,
  headers: Readonly<Record<string, string | undefined>>,
  /** Each `Impersonate-Group` header line is one group, as on a real API server. */
  groupLines: readonly string[] = [],
): DemoUser | string {
  const user = headers['impersonate-user'];
  if (!user)
    return groupLines.length ? 'requested impersonation of a group without a user' : caller;
  const may = (resource: string, name: string) =>
    authorize(auth, caller, { verb: 'impersonate', group: '', resource, name });
  if (!may('users', user))
    return `users "${user}" is forbidden: User "${caller.name}" cannot impersonate resource "users" in API group "" at the cluster scope`;
  const groups = [...groupLines];
  for (const g of groups)
    if (!may('groups', g))
      return `groups "${g}" is forbidden: User "${caller.name}" cannot impersonate resource "groups" in API group "" at the cluster scope`;
  return { name: user, groups: [...groups, 'system:authenticated'] };
}
