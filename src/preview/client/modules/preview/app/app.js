import { LightningElement } from 'lwc';
import { currentPageReference, onPageChange, urlFor } from 'lightning/navigation';

/**
 * The preview's Lightning app: a navigation bar of the PartnerLens tabs and the current page (record page,
 * object home or app page), laid out from force-app's flexipages as served in /preview/config.json.
 */
export default class App extends LightningElement {
    config;
    loadError;
    pageRef = currentPageReference();

    connectedCallback() {
        this.unsubscribe = onPageChange((pageRef) => {
            this.pageRef = pageRef;
        });
        fetch('/preview/config.json')
            .then((response) => response.json())
            .then((config) => {
                this.config = config;
            })
            .catch((error) => {
                this.loadError = String(error);
            });
    }

    disconnectedCallback() {
        this.unsubscribe?.();
    }

    get tabs() {
        const current = window.location.pathname;
        return (this.config?.tabs ?? []).map((tab) => ({
            ...tab,
            className: `slds-context-bar__item${current.startsWith(tab.url) || (tab.objectApiName && this.objectOfPage === tab.objectApiName) ? ' slds-is-active' : ''}`
        }));
    }

    /** The object of the current record page, also when the URL names only the record id. */
    get objectOfPage() {
        const a = this.pageRef.attributes;
        if (this.pageRef.type !== 'standard__recordPage') return undefined;
        if (a.objectApiName) return a.objectApiName;
        const prefix = String(a.recordId ?? '').slice(0, 3);
        return Object.values(this.config?.objects ?? {}).find((o) => o.keyPrefix === prefix)?.apiName;
    }

    get isRecordPage() {
        return this.pageRef.type === 'standard__recordPage';
    }

    get isObjectHome() {
        return this.pageRef.type === 'standard__objectPage';
    }

    get appPage() {
        return this.pageRef.type === 'standard__navItemPage' ? this.config?.appPages?.[this.pageRef.attributes.apiName] : undefined;
    }

    get isHome() {
        return !this.isRecordPage && !this.isObjectHome && !this.appPage;
    }

    get recordId() {
        return this.pageRef.attributes.recordId;
    }

    get objectInfo() {
        return this.config?.objects?.[this.objectOfPage ?? this.pageRef.attributes.objectApiName];
    }

    get recordLayout() {
        return this.config?.recordPages?.[this.objectOfPage];
    }

    get appLabel() {
        return this.config?.appLabel ?? '';
    }

    get homeUrl() {
        return urlFor({ type: 'standard__namedPage', attributes: { pageName: 'home' } });
    }
}
