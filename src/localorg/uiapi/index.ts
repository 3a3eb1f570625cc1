// UI API surface of the local org (GraphQL and ui-api record endpoints) used by the browser preview.
// The local org's router delegates /services/data/vXX.X/graphql and /services/data/vXX.X/ui-api/** here.

export interface UiApiRequest {
  method: string;
  /** Path after /services/data/vXX.X, e.g. "/graphql" or "/ui-api/records/001...". */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface UiApiResponse {
  status: number;
  body: unknown;
}

/** Not implemented yet: answers like Salesforce does for an unknown resource. */
export async function handleUiApi(_req: UiApiRequest, _store: unknown): Promise<UiApiResponse> {
  return { status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
}
