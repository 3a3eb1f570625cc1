import { LightningElement, api } from 'lwc';

/** A flexipage template: header across, then main and (when the page has one) the sidebar column. */
export default class Layout extends LightningElement {
    @api layout;
    @api recordId;
    @api objectApiName;

    get header() {
        return this.layout?.header ?? [];
    }

    get main() {
        return this.layout?.main ?? [];
    }

    get sidebar() {
        return this.layout?.sidebar ?? [];
    }

    get hasSidebar() {
        return this.sidebar.length > 0;
    }

    get mainClass() {
        return `slds-col slds-size_1-of-1${this.hasSidebar ? ' slds-large-size_8-of-12' : ''}`;
    }
}
