// The part of LDS's record cache the components can observe: a wire whose data holds a record refetches
// when that record is written or notifyRecordUpdateAvailable names it. New records reach no wire until
// the component refreshes it, as on the platform.
const wires = new Set();

// 15- and 18-character forms of one id name the same record.
const key = (id) => String(id).slice(0, 15);

export function watch(wire) {
    wires.add(wire);
}

export function unwatch(wire) {
    wires.delete(wire);
}

/** Ids of every record in a UI API / GraphQL payload (keys "Id" and "id"). */
export function recordIds(payload, into = new Set()) {
    if (Array.isArray(payload)) {
        payload.forEach((item) => recordIds(item, into));
    } else if (payload && typeof payload === 'object') {
        for (const [name, value] of Object.entries(payload)) {
            if ((name === 'Id' || name === 'id') && typeof value === 'string') into.add(key(value));
            else recordIds(value, into);
        }
    }
    return into;
}

export function recordsChanged(ids) {
    const changed = new Set(ids.map(key));
    for (const wire of [...wires]) {
        if ([...wire.recordIds()].some((id) => changed.has(id))) wire.refetch();
    }
}
