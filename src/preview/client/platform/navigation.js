// lightning/navigation for the preview: page references map to the platform's own URL shapes
// (/lightning/r/Obj/id/view, /lightning/o/Obj/home, /lightning/n/tab), kept in the browser history.
import { Wire } from './wire';

const listeners = new Set();

function stateQuery(state) {
    const entries = Object.entries(state ?? {}).filter(([, v]) => v !== undefined && v !== null);
    return entries.length ? `?${new URLSearchParams(entries)}` : '';
}

export function urlFor(pageRef) {
    const a = pageRef?.attributes ?? {};
    switch (pageRef?.type) {
        case 'standard__recordPage':
            return `/lightning/r/${a.objectApiName ? `${a.objectApiName}/` : ''}${a.recordId}/${a.actionName ?? 'view'}${stateQuery(pageRef.state)}`;
        case 'standard__objectPage':
            return `/lightning/o/${a.objectApiName}/${a.actionName ?? 'home'}${stateQuery(pageRef.state)}`;
        case 'standard__navItemPage':
            return `/lightning/n/${a.apiName}${stateQuery(pageRef.state)}`;
        case 'standard__webPage':
            return a.url;
        default:
            return `/lightning/page/home`;
    }
}

/** The page reference of the current URL. */
export function currentPageReference() {
    const parts = window.location.pathname.split('/').filter(Boolean);
    const state = Object.fromEntries(new URLSearchParams(window.location.search));
    if (parts[1] === 'r' && parts.length === 5) {
        return { type: 'standard__recordPage', attributes: { objectApiName: parts[2], recordId: parts[3], actionName: parts[4] }, state };
    }
    if (parts[1] === 'r' && parts.length === 4) {
        return { type: 'standard__recordPage', attributes: { recordId: parts[2], actionName: parts[3] }, state };
    }
    if (parts[1] === 'o' && parts.length >= 3) {
        return { type: 'standard__objectPage', attributes: { objectApiName: parts[2], actionName: parts[3] ?? 'home' }, state };
    }
    if (parts[1] === 'n' && parts.length >= 3) {
        return { type: 'standard__navItemPage', attributes: { apiName: parts[2] }, state };
    }
    return { type: 'standard__namedPage', attributes: { pageName: 'home' }, state };
}

/** Subscribes to page changes (navigation and the browser's back/forward); returns the unsubscribe function. */
export function onPageChange(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
}

function pageChanged() {
    const pageRef = currentPageReference();
    listeners.forEach((listener) => listener(pageRef));
}

window.addEventListener('popstate', pageChanged);

/** Shows the in-app page at `url` (a path of the preview) without reloading. */
export function goTo(url, replace = false) {
    if (replace) window.history.replaceState({}, '', url);
    else window.history.pushState({}, '', url);
    pageChanged();
}

function navigate(pageRef, replace) {
    const url = urlFor(pageRef);
    if (pageRef?.type === 'standard__webPage') window.open(url, '_blank', 'noopener');
    else goTo(url, replace);
}

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export function NavigationMixin(Base) {
    return class extends Base {
        [Navigate](pageRef, replace) {
            navigate(pageRef, replace);
        }

        [GenerateUrl](pageRef) {
            return Promise.resolve(urlFor(pageRef));
        }
    };
}
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

export class CurrentPageReference extends Wire {
    connect() {
        super.connect();
        this.unsubscribe = onPageChange((pageRef) => this.dataCallback(pageRef));
    }

    disconnect() {
        super.disconnect();
        this.unsubscribe?.();
    }

    emptyValue() {
        return currentPageReference();
    }
}
