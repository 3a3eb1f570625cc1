// The service's log, as the loop, the event subscription and the logger share it (its own module, so none of
// them imports another for the type).
export interface ServiceLog {
  info(event: string, fields: Record<string, unknown>, text: string): void;
  warn(event: string, fields: Record<string, unknown>, text: string): void;
  error(event: string, fields: Record<string, unknown>, text: string): void;
}
