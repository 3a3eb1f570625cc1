import { LightningElement, api } from 'lwc';
import { createElement } from 'lwc';
import components from 'preview/components';
import Details from 'preview/details';

const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

// Standard components the preview draws itself; other standard ones get a labelled placeholder.
const STANDARD = { 'force:detailPanel': { tag: 'preview-details', ctor: Details } };

/**
 * One flexipage region: creates each component instance with its flexipage properties and, on record
 * pages, recordId and objectApiName, as the Lightning App Builder does. Standard components the preview
 * does not render leave a labelled placeholder so the layout still reads like the real page.
 */
export default class Region extends LightningElement {
    @api components = [];
    @api recordId;
    @api objectApiName;
    rendered;

    renderedCallback() {
        const key = JSON.stringify([this.components, this.recordId, this.objectApiName]);
        if (key === this.rendered) return;
        this.rendered = key;
        const container = this.template.querySelector('.region');
        container.replaceChildren();
        for (const instance of this.components) {
            container.appendChild(this.create(instance));
        }
    }

    create(instance) {
        const standard = STANDARD[instance.name];
        const ctor = instance.custom ? components[instance.name] : standard?.ctor;
        if (!ctor) {
            const placeholder = document.createElement('div');
            placeholder.className = 'slds-box slds-theme_shade slds-text-color_weak slds-m-bottom_small preview-placeholder';
            placeholder.textContent = instance.label;
            return placeholder;
        }
        const element = createElement(standard ? standard.tag : `c-${kebab(instance.name)}`, { is: ctor });
        Object.assign(element, instance.properties);
        if (this.recordId) {
            element.recordId = this.recordId;
            element.objectApiName = this.objectApiName;
        }
        const wrapper = document.createElement('div');
        wrapper.className = 'slds-m-bottom_small';
        wrapper.appendChild(element);
        return wrapper;
    }
}
