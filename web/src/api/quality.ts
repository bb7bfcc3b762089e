// The delivery calendar, the coverage of figures and the checks across
// figures (GET /api/v1/deliveries/calendar, /indicators?coverage=true,
// /checks).
import { get, type Schemas } from "./client";

// The served document's types (schema.d.ts).
export type DeliveryCalendar = Schemas["DeliveryCalendar"];
export type CalendarRow = DeliveryCalendar["rows"][number];
export type CalendarCell = CalendarRow["cells"][number];
export type DeliveryState = CalendarCell["state"];
export type Coverage = Schemas["Coverage"];
export type CheckFinding = Schemas["CheckFinding"];
export type CheckList = Schemas["CheckList"];

export function deliveryCalendar(year: number): Promise<DeliveryCalendar> {
  return get<DeliveryCalendar>(`/deliveries/calendar?${new URLSearchParams({ year: String(year) })}`);
}

// Per indicator of the whole municipality, whether its sources delivered for the period.
export async function indicatorCoverage(period: string): Promise<Map<string, Coverage>> {
  const set = await get<{ indicators: Record<string, { coverage?: Coverage }> }>(
    `/indicators?${new URLSearchParams({ period, coverage: "true" })}`,
  );
  const out = new Map<string, Coverage>();
  for (const [code, ind] of Object.entries(set.indicators)) if (ind.coverage) out.set(code, ind.coverage);
  return out;
}

export function checks(period: string): Promise<CheckList> {
  return get<CheckList>(`/checks?${new URLSearchParams({ period })}`);
}
