// GET subrequests through the composite resource: up to 25 reads for one API call.
import { API_VERSION } from '../../schema/dataModel.js';
import type { OrgClient } from '../../org/client.js';

const MAX_SUBREQUESTS = 25;

export type SubResult = { ok: true; body: unknown } | { ok: false; status: number; errorCode: string; message: string };

/** Each path (below /services/data/vXX.X) read with GET; one result per path, in order. */
export async function compositeGets(client: OrgClient, paths: readonly string[]): Promise<SubResult[]> {
  const out: SubResult[] = [];
  for (let i = 0; i < paths.length; i += MAX_SUBREQUESTS) {
    const chunk = paths.slice(i, i + MAX_SUBREQUESTS);
    const response = await client.send<{ compositeResponse: { referenceId: string; httpStatusCode: number; body: unknown }[] }>('POST', '/composite', {
      allOrNone: false,
      compositeRequest: chunk.map((p, j) => ({ method: 'GET', referenceId: `r${i + j}`, url: `/services/data/v${API_VERSION}${p}` })),
    });
    const byRef = new Map(response.compositeResponse.map((r) => [r.referenceId, r]));
    chunk.forEach((_, j) => {
      const r = byRef.get(`r${i + j}`);
      if (r !== undefined && r.httpStatusCode < 400) {
        out.push({ ok: true, body: r.body });
        return;
      }
      const first = (Array.isArray(r?.body) ? r.body[0] : undefined) as { errorCode?: string; message?: string } | undefined;
      out.push({ ok: false, status: r?.httpStatusCode ?? 0, errorCode: first?.errorCode ?? 'UNKNOWN', message: first?.message ?? 'no response' });
    });
  }
  return out;
}
