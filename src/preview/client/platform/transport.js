// HTTP to the local org through the preview server (same origin; the server adds the access token).
import { apiVersion } from 'preview/env';

/**
 * Calls a /services/data/vXX.X resource. Failures reject with the object LDS hands to components,
 * { body, ok: false, status, statusText }, so ldsUtils.reduceErrors reads them as on the platform.
 */
export async function request(method, resource, body) {
    const response = await fetch(`/services/data/v${apiVersion}${resource}`, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
        // eslint-disable-next-line no-throw-literal -- LDS rejects with this plain object, not an Error
        throw { body: json, ok: false, status: response.status, statusText: response.statusText };
    }
    return json;
}
