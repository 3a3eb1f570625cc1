// lightning/graphql against the local org's /graphql endpoint: the component's own query goes over the wire.
import { request } from './transport';
import { recordIds, recordsChanged } from './cache';
import { Wire } from './wire';

/** The platform parses the document at compile time; the local org parses it, so the text is enough. */
export function gql(strings, ...values) {
    return strings.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ''), '');
}

async function post(query, variables, operationName) {
    try {
        return await request('POST', '/graphql', { query, variables: variables ?? {}, operationName });
    } catch (error) {
        // Transport failures surface in `errors`, the only error channel of this adapter.
        const body = error?.body;
        const messages = Array.isArray(body) ? body.map((e) => e.message) : [error?.statusText ?? String(error)];
        return { data: undefined, errors: messages.map((message) => ({ message })) };
    }
}

export class graphql extends Wire {
    emptyValue() {
        return { data: undefined, errors: undefined };
    }

    recordIds() {
        return this.seen ?? new Set();
    }

    async load({ query, variables, operationName }) {
        if (!query) return undefined;
        const result = await post(query, variables, operationName);
        this.seen = recordIds(result.data);
        return { data: result.data, errors: result.errors, refresh: () => this.refetch() };
    }
}

/** Imperative mutations; records they touch refresh the wires that show them. */
export async function executeMutation({ query, variables, operationName }) {
    const result = await post(query, variables, operationName);
    if (result.data) recordsChanged([...recordIds(result.data)]);
    return result;
}
