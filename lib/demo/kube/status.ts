import type { FieldCause } from './istio-validation';
import { qualifiedName, type ResourceType } from './resources';

/** A Kubernetes API error, carried as the `Status` object the API server answers with. */
export class KubeStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'KubeStatusError';
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      details: this.details,
      code: this.code,
    };
  }
}

const detailsOf = (type: ResourceType, name?: string) => ({
  ...(name ? { name } : {}),
  group: type.group,
  kind: type.plural,
});

export const notFound = (type: ResourceType, name: string): KubeStatusError =>
  new KubeStatusError(
    404,
    'NotFound',
    `${qualifiedName(type)} "${name}" not found`,
    detailsOf(type, name),
  );

export const alreadyExists = (type: ResourceType, name: string): KubeStatusError =>
  new KubeStatusError(
    409,
    'AlreadyExists',
    `${qualifiedName(type)} "${name}" already exists`,
    detailsOf(type, name),
  );

export const conflict = (type: ResourceType, name: string): KubeStatusError =>
  new KubeStatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    detailsOf(type, name),
  );

export const invalid = (type: ResourceType, name: string, causes: FieldCause[]): KubeStatusError =>
  new KubeStatusError(
    422,
    'Invalid',
    `${type.kind}.${type.group || 'core'} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
    {
      ...detailsOf(type, name),
      kind: type.kind,
      causes: causes.map((c) => ({
        reason: 'FieldValueInvalid',
        message: c.message,
        field: c.field,
      })),
    },
  );

export const badRequest = (message: string): KubeStatusError =>
  new KubeStatusError(400, 'BadRequest', message);

export const resourceNotFound = (): KubeStatusError =>
  new KubeStatusError(404, 'NotFound', 'the server could not find the requested resource');

export const methodNotAllowed = (method: string, type: ResourceType): KubeStatusError =>
  new KubeStatusError(
    405,
    'MethodNotAllowed',
    `${method} is not supported on ${qualifiedName(type)} by the Meshlens demo API`,
    detailsOf(type),
  );

export const unsupportedMediaType = (contentType: string, accepted: string[]): KubeStatusError =>
  new KubeStatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format (${contentType}) - accepted media types include: ${accepted.join(', ')}`,
  );
