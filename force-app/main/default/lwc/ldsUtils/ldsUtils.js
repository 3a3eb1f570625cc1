/**
 * Shared helpers for Lightning Data Service results (template-less bundle, imported as 'c/ldsUtils').
 */

function messagesOf(error) {
  const body = error.body;
  // UI API read errors: [{ errorCode, message }]
  if (Array.isArray(body)) {
    return body.map((e) => e.message);
  }
  if (body && typeof body === 'object') {
    const found = [];
    if (Array.isArray(body.pageErrors)) found.push(...body.pageErrors.map((e) => e.message));
    if (body.fieldErrors)
      found.push(
        ...Object.values(body.fieldErrors)
          .flat()
          .map((e) => e.message),
      );
    // UI API DML errors ("Error with Output"): page-level and field-level record exceptions
    if (body.output) {
      found.push(...(body.output.errors ?? []).map((e) => e.message));
      found.push(
        ...Object.values(body.output.fieldErrors ?? {})
          .flat()
          .map((e) => e.message),
      );
    }
    if (found.length > 0) return found;
    if (typeof body.message === 'string') return [body.message];
  }
  // JS errors and GraphQL errors ({ message, locations, paths, extensions })
  if (typeof error.message === 'string') return [error.message];
  return [error.statusText];
}

/**
 * Reduces one or more LDS or GraphQL errors into a list of messages.
 * @param {object|object[]} errors a FetchResponse-like error, a GraphQL errors array, or a JS Error
 * @return {string[]}
 */
export function reduceErrors(errors) {
  const list = Array.isArray(errors) ? errors : [errors];
  return list
    .filter((error) => !!error)
    .flatMap(messagesOf)
    .filter((message) => typeof message === 'string' && message.length > 0);
}

/**
 * Field-level messages of a UI API DML error, keyed by field API name.
 * @return {Object<string, string>}
 */
export function fieldErrorsOf(error) {
  const fieldErrors = error?.body?.output?.fieldErrors ?? {};
  const result = {};
  for (const [field, errors] of Object.entries(fieldErrors)) {
    result[field] = errors.map((e) => e.message).join(' ');
  }
  return result;
}

/** The nodes of a GraphQL connection (`{ edges: [{ node }] }`), or [] when absent. */
export function nodesOf(connection) {
  return connection?.edges?.map((edge) => edge.node) ?? [];
}

/** The raw value of a GraphQL field value object (`{ value, displayValue }`), or null. */
export function valueOf(field) {
  return field?.value ?? null;
}

/** The display value of a GraphQL field value object, falling back to its raw value. */
export function displayOf(field) {
  return field?.displayValue ?? field?.value ?? null;
}

/**
 * Whether an overlap matched by a normalised company name alone (Match_Method__c = Name): no domain or DUNS
 * behind it, so the components flag it for the rep to judge.
 */
export function isLowConfidenceMatch(matchMethodField) {
  return valueOf(matchMethodField) === 'Name';
}

/** Fills `{0}`, `{1}`... placeholders of a custom label. */
export function formatLabel(label, ...args) {
  return label.replace(/\{(\d+)\}/g, (match, index) => (index < args.length ? `${args[index]}` : match));
}

