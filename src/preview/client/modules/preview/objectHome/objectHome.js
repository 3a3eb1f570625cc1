import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { formatFieldValue } from 'preview/format';

const PAGE_SIZE = 50;

/** GraphQL selection for field paths: 'Account.Name' becomes Account { Name { value displayValue } }. */
function selection(paths) {
    const tree = {};
    for (const path of paths) {
        let node = tree;
        for (const part of path.split('.')) node = node[part] ??= {};
    }
    const render = (node) =>
        Object.entries(node)
            .map(([name, children]) => `${name} { ${Object.keys(children).length ? render(children) : 'value displayValue'} }`)
            .join(' ');
    return render(tree);
}

/** The shown text of a field path in a GraphQL node: a field of the object itself in the user's locale (`fields`: its object info). */
function cellText(node, path, fields) {
    const leaf = path.split('.').reduce((current, part) => current?.[part], node);
    const own = path.includes('.') ? undefined : formatFieldValue(fields?.[path], leaf?.value);
    return own ?? leaf?.displayValue ?? leaf?.value ?? '';
}

/** An object's list view: its records (name and list fields), as a Lightning "All" list view shows them. */
export default class ObjectHome extends LightningElement {
    /** { apiName, labelPlural, nameField, listFields } from the preview config. */
    @api objectInfo;
    rows = [];
    errors;
    connection;
    info;

    get query() {
        const info = this.objectInfo;
        if (!info) return undefined;
        const fields = selection([info.nameField, ...info.listFields.map((f) => f.field)]);
        return gql`query objectHome { uiapi { query { ${info.apiName}(first: ${PAGE_SIZE}, orderBy: { ${info.nameField}: { order: ASC } }) { edges { node { Id ${fields} } } totalCount } } } }`;
    }

    get apiName() {
        return this.objectInfo?.apiName;
    }

    @wire(getObjectInfo, { objectApiName: '$apiName' })
    wiredInfo({ data }) {
        this.info = data;
        this.fillRows();
    }

    @wire(graphql, { query: '$query' })
    wired({ data, errors }) {
        this.errors = errors;
        this.connection = data?.uiapi?.query?.[this.objectInfo?.apiName];
        this.fillRows();
    }

    fillRows() {
        const connection = this.connection;
        this.total = connection?.totalCount ?? 0;
        this.rows = (connection?.edges ?? []).map(({ node }) => ({
            id: node.Id,
            url: `/lightning/r/${this.objectInfo.apiName}/${node.Id}/view`,
            name: node[this.objectInfo.nameField]?.value,
            cells: this.objectInfo.listFields.map((f) => ({ key: f.field, value: String(cellText(node, f.field, this.info?.fields)) }))
        }));
    }

    get labelPlural() {
        return this.objectInfo?.labelPlural ?? '';
    }

    get nameLabel() {
        return this.objectInfo?.nameLabel ?? '';
    }

    get columns() {
        return this.objectInfo?.listFields ?? [];
    }

    get summary() {
        return `${this.rows.length} / ${this.total ?? 0}`;
    }

    get errorMessage() {
        return this.errors?.map((e) => e.message).join(' ');
    }
}
