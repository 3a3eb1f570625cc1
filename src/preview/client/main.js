// Browser entry: synthetic shadow first (so the global SLDS stylesheet reaches inside component shadows,
// as on the platform), then the app shell.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import App from 'preview/app';

// eslint-disable-next-line @lwc/lwc/no-document-query -- the page itself mounts the app, as the platform does
document.getElementById('root').appendChild(createElement('preview-app', { is: App }));
