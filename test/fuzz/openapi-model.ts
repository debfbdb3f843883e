import type { JsonSchema } from './schema-arbitrary';

/** One operation of /openapi.json, as the fuzzer needs it. */
export interface Operation {
  readonly operationId: string;
  readonly method: string;
  /** The path template, e.g. /v1/dossiers/{code}. */
  readonly path: string;
  readonly pathParameters: ReadonlyArray<{ readonly name: string; readonly schema: JsonSchema }>;
  readonly queryParameters: ReadonlyArray<{ readonly name: string; readonly schema: JsonSchema; readonly required: boolean }>;
  readonly headerParameters: ReadonlyArray<{ readonly name: string; readonly schema: JsonSchema }>;
  readonly bodySchema?: JsonSchema;
  /** The security scheme names the operation declares (empty: none). */
  readonly security: readonly string[];
  readonly documentedStatuses: ReadonlySet<number>;
}

/** The route key statistics and the OpenAPI comparison use: `METHOD /template`. */
export const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

export function operationsOf(document: JsonSchema): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<Record<string, any>>(document.paths ?? {})) {
    for (const [method, operation] of Object.entries<Record<string, any>>(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])] as Array<{ name: string; in: string; required?: boolean; schema: JsonSchema }>;
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        pathParameters: parameters.filter((p) => p.in === 'path').map(({ name, schema }) => ({ name, schema })),
        queryParameters: parameters.filter((p) => p.in === 'query').map(({ name, schema, required }) => ({ name, schema, required: required ?? false })),
        headerParameters: parameters.filter((p) => p.in === 'header').map(({ name, schema }) => ({ name, schema })),
        bodySchema: operation.requestBody?.content?.['application/json']?.schema,
        security: ((operation.security ?? []) as Array<Record<string, unknown>>).flatMap((requirement) => Object.keys(requirement)),
        documentedStatuses: new Set(Object.keys(operation.responses ?? {}).map(Number)),
      });
    }
  }
  return operations;
}
