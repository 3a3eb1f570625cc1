import { LightningElement, api } from 'lwc';
import { goTo } from 'lightning/navigation';

/** An in-app link: a real href (open in a new tab works) that changes page without reloading. */
export default class Link extends LightningElement {
    @api url;
    @api label;

    handleClick(event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        goTo(this.url);
    }
}
