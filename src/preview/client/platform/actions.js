// lightning/actions: a quick action's screen closes on this event; the preview has no action modal, so
// nothing listens and the component stays on the page.
export class CloseActionScreenEvent extends CustomEvent {
    constructor() {
        super('lightning__actionsclosescreen', { bubbles: true, composed: true });
    }
}
