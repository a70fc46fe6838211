import { describe, expect, it } from 'vitest';
import { handleKubeRequest } from './api';
import { DEFAULT_DEMO_AUTH, authenticate, authorize, forbiddenMessage } from './auth';
import { seedTopology } from './seed';
import { ObjectStore } from './store';
import { BOOKINFO_TOPOLOGY } from '../topology';

const store = new ObjectStore({ now: () => new Date(0), newUid: () => 'uid' });
seedTopology(store, BOOKINFO_TOPOLOGY);
const call = (method: string, url: string, token?: string, body = '') =>
  handleKubeRequest(
    store,
    { method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, body },
    new Date(0),
    '127.0.0.1:1',
    DEFAULT_DEMO_AUTH,
  );

const VS = JSON.stringify({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo' },
  spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] },
});

describe('demo API authentication and RBAC', () => {
  it('maps tokens to users and rules to decisions', () => {
    const viewer = authenticate(DEFAULT_DEMO_AUTH, 'Bearer demo-viewer-token');
    expect(viewer?.name).toBe('viewer');
    expect(authenticate(DEFAULT_DEMO_AUTH, 'Bearer nope')).toBeUndefined();
    expect(authenticate(DEFAULT_DEMO_AUTH, undefined)).toBeUndefined();
    const editor = authenticate(DEFAULT_DEMO_AUTH, 'bearer demo-editor-token');
    const update = {
      verb: 'update',
      group: 'networking.istio.io',
      resource: 'virtualservices',
      namespace: 'bookinfo',
    };
    expect(authorize(DEFAULT_DEMO_AUTH, viewer as never, update)).toBe(false);
    expect(authorize(DEFAULT_DEMO_AUTH, editor as never, update)).toBe(true);
    expect(authorize(DEFAULT_DEMO_AUTH, editor as never, { ...update, namespace: 'default' })).toBe(
      false,
    );
    expect(forbiddenMessage(viewer as never, { ...update, name: 'reviews' })).toBe(
      'virtualservices.networking.istio.io "reviews" is forbidden: User "viewer" cannot update resource "virtualservices" in API group "networking.istio.io" in the namespace "bookinfo"',
    );
  });

  it('answers 401 without a valid token, 403 for what RBAC does not grant, like the real server', () => {
    expect(call('GET', '/api/v1/namespaces')).toMatchObject({
      status: 401,
      body: { kind: 'Status', reason: 'Unauthorized', code: 401 },
    });
    expect(call('GET', '/api/v1/namespaces', 'stolen')).toMatchObject({ status: 401 });
    expect(call('GET', '/version').status).toBe(200);
    expect(call('GET', '/api/v1/namespaces', 'demo-viewer-token').status).toBe(200);
    expect(
      call(
        'POST',
        '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices',
        'demo-viewer-token',
        VS,
      ),
    ).toMatchObject({
      status: 403,
      body: {
        reason: 'Forbidden',
        message: expect.stringContaining('User "viewer" cannot create resource "virtualservices"'),
      },
    });
    expect(
      call(
        'POST',
        '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices',
        'demo-editor-token',
        VS,
      ).status,
    ).toBe(201);
  });

  it('answers SelfSubjectAccessReviews for the caller', () => {
    const review = (token: string, verb: string) =>
      call(
        'POST',
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        token,
        JSON.stringify({
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              namespace: 'bookinfo',
              verb,
              group: 'networking.istio.io',
              resource: 'virtualservices',
            },
          },
        }),
      );
    expect(review('demo-editor-token', 'update')).toMatchObject({
      status: 201,
      body: { status: { allowed: true } },
    });
    expect(review('demo-viewer-token', 'update')).toMatchObject({
      status: 201,
      body: { status: { allowed: false } },
    });
    expect(review('demo-viewer-token', 'list')).toMatchObject({
      body: { status: { allowed: true } },
    });
  });
});
