// Helpers shared by every component test (one copy, imported as 'jest-utils').
import { createElement } from 'lwc';

/** Lets pending promise callbacks and the re-render they cause run. */
export function flushPromises() {
  // eslint-disable-next-line @lwc/lwc/no-async-operation
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Creates the component, sets its public properties and attaches it to the document. */
export function mount(tagName, ctor, props = {}) {
  const element = createElement(tagName, { is: ctor });
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

/** Removes every mounted component and resets mock call records. */
export function cleanup() {
  while (document.body.firstChild) {
    document.body.removeChild(document.body.firstChild);
  }
  jest.clearAllMocks();
}

/**
 * The format a lightning-formatted-date-time is given (its format attributes and time zone), to compare with the one
 * date-and-time format of every screen: `{ ...DATE_TIME_FORMAT, timeZone: USER_TIME_ZONE }` from c/localeFormat.
 */
export function dateTimeFormatOf(element) {
  const { year, month, day, hour, minute, timeZone } = element;
  return { year, month, day, hour, minute, timeZone };
}
