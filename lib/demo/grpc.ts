/**
 * The gRPC status a proxy reports for a reply it made in HTTP (a local reply, no gRPC server
 * behind it), as gRPC maps HTTP statuses: UNIMPLEMENTED for 404, UNAVAILABLE for 502–504 and
 * 429, UNKNOWN otherwise.
 * @see https://github.com/grpc/grpc/blob/master/doc/http-grpc-status-mapping.md
 */
export function grpcStatusOfHttp(code: number): number {
  if (code === 0) return 14;
  if (code === 400) return 13;
  if (code === 401) return 16;
  if (code === 403) return 7;
  if (code === 404) return 12;
  if (code === 429 || code === 502 || code === 503 || code === 504) return 14;
  return 2;
}
