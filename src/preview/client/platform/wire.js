// The lifecycle LWC drives a wire adapter through (connect, update, disconnect), shared by the preview's
// adapters: each only says how to load a value for a config.
import { request } from './transport';
import { watch, unwatch } from './cache';

export class Wire {
    constructor(dataCallback) {
        this.dataCallback = dataCallback;
        this.config = undefined;
        this.connected = false;
        this.generation = 0;
    }

    connect() {
        this.connected = true;
        watch(this);
        this.dataCallback(this.emptyValue());
        if (this.config) this.refetch();
    }

    disconnect() {
        this.connected = false;
        unwatch(this);
    }

    update(config) {
        this.config = config;
        if (this.connected) this.refetch();
    }

    /** What a wire holds before its first answer. */
    emptyValue() {
        return { data: undefined, error: undefined };
    }

    /** Record ids (15-char) whose writes make this wire refetch. */
    recordIds() {
        return new Set();
    }

    /** Resolves to the value to emit, or undefined while the config is incomplete (no request, as LDS). */
    async load() {
        return undefined;
    }

    async refetch() {
        const generation = ++this.generation;
        const value = await this.load(this.config ?? {});
        // A newer config or a disconnect supersedes this answer.
        if (value !== undefined && generation === this.generation && this.connected) this.dataCallback(value);
    }
}

/** A wire over one GET resource, emitting { data, error } as LDS adapters do. */
export class RestWire extends Wire {
    /** The resource for a config, or undefined while the config is incomplete. */
    resource() {
        return undefined;
    }

    async load(config) {
        const resource = this.resource(config);
        if (!resource) return undefined;
        try {
            return { data: await request('GET', resource), error: undefined };
        } catch (error) {
            return { data: undefined, error };
        }
    }
}
