import { LightningElement } from 'lwc';

const DISMISS_MS = { dismissible: 5000, pester: 3000 };
let nextId = 0;

/** Renders the toasts components fire (lightning__showtoast), as the Lightning Experience container does. */
export default class Toasts extends LightningElement {
    toasts = [];

    connectedCallback() {
        this.onToast = (event) => this.show(event.detail ?? {});
        window.addEventListener('lightning__showtoast', this.onToast);
    }

    disconnectedCallback() {
        window.removeEventListener('lightning__showtoast', this.onToast);
    }

    show(toast) {
        const variant = ['success', 'warning', 'error', 'info'].includes(toast.variant) ? toast.variant : 'info';
        const id = ++nextId;
        const message = String(toast.message ?? '').replace(/\{(\d+)\}/g, (match, i) => toast.messageData?.[i]?.label ?? toast.messageData?.[i] ?? match);
        this.toasts = [
            ...this.toasts,
            {
                id,
                title: toast.title,
                message,
                variant,
                className: `slds-notify slds-notify_toast slds-theme_${variant}`,
                iconName: `utility:${variant}`
            }
        ];
        const mode = toast.mode ?? 'dismissible';
        if (mode !== 'sticky') {
            // eslint-disable-next-line @lwc/lwc/no-async-operation -- toasts dismiss themselves after a while
            setTimeout(() => this.dismiss(id), DISMISS_MS[mode] ?? DISMISS_MS.dismissible);
        }
    }

    dismiss(id) {
        this.toasts = this.toasts.filter((t) => t.id !== id);
    }

    handleClose(event) {
        this.dismiss(Number(event.target.dataset.id));
    }
}
