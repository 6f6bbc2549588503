/** The closure stage: the checklist of what closing the site takes, and the closure notice. */
export {
  buildChecklist,
  type Checklist,
  type ChecklistItem,
  type ChecklistOptions,
  type ChecklistResult,
  closureNames,
  todoItems,
  todoLine,
} from './checklist.js';
export { type Inbound, inboundBySite, siteHosts } from './evidence.js';
export { chineseDate } from './notice.js';
