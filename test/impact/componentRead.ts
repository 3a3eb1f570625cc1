// The partnerImpact component's read of an org, outside the browser: its own GraphQL query (the text in
// partnerImpact.js) posted to the org's /graphql endpoint page after page, with the component's own paging
// (ImpactPages in graphData.js) choosing the cursors, until every kind of record is read.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { API_VERSION } from '../../src/schema/dataModel.js';
import { ImpactPages, type ImpactRead } from '../../force-app/main/default/lwc/partnerImpact/graphData.js';

const COMPONENT = path.resolve(__dirname, '../../force-app/main/default/lwc/partnerImpact/partnerImpact.js');

/** The query inside the component's gql template. */
export function componentQuery(): string {
  const query = /gql`([\s\S]*?)`/.exec(readFileSync(COMPONENT, 'utf8'))?.[1];
  if (!query?.includes('query partnerImpactData')) throw new Error('no partnerImpactData query in partnerImpact.js');
  return query;
}

export interface GraphqlAnswer {
  data?: unknown;
  errors?: unknown[];
}

/** Posts one GraphQL request to the org, as the wire adapter does. */
export async function postGraphql(
  org: { instanceUrl: string; accessToken: string },
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphqlAnswer> {
  const response = await fetch(`${org.instanceUrl}/services/data/v${API_VERSION}/graphql`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  if (!response.ok) throw new Error(`POST /graphql answered ${response.status}`);
  return (await response.json()) as GraphqlAnswer;
}

export interface ComponentRead {
  read: ImpactRead;
  /** The variables of every request, in order. */
  requests: Record<string, string | null>[];
  /** The first answer alone, as the component read the org before it paged. */
  firstPage: unknown;
  counts: Record<string, number>;
}

/** Reads the org as the component does: one request per page until no kind has a next page. */
export async function readLikeTheComponent(org: { instanceUrl: string; accessToken: string }): Promise<ComponentRead> {
  const query = componentQuery();
  const pages = new ImpactPages();
  const requests: Record<string, string | null>[] = [];
  let firstPage: unknown;
  for (let more = true; more; ) {
    if (requests.length > 100) throw new Error('more than 100 pages: the paging does not end');
    const variables = pages.variables;
    requests.push(variables);
    const answer = await postGraphql(org, query, variables);
    if (answer.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors)}`);
    firstPage ??= answer.data;
    more = pages.add(answer.data);
  }
  if (!pages.complete) throw new Error('the last answer moved no cursor, yet the read is not complete');
  return { read: pages.toImpactData(), requests, firstPage, counts: pages.counts };
}
