// The delivery calendar, the coverage of figures and the checks across
// figures (GET /api/v1/deliveries/calendar, /indicators?coverage=true,
// /checks).
import { get } from "./client";

export type DeliveryState = "on_time" | "late" | "missing" | "not_yet_due" | "not_expected";

export interface CalendarCell {
  period: string;
  due: string;
  state: DeliveryState;
  records: number;
  last_at: string | null;
}

export interface CalendarRow {
  source: { kind: "organisation" | "location"; id: string; name: string; type: string };
  activity_types: string[];
  aggregate_types: string[];
  frequency: "month" | "quarter";
  due_days: number;
  cells: CalendarCell[];
}

export interface DeliveryCalendar {
  year: number;
  today: string;
  rows: CalendarRow[];
  summary: Record<string, number>;
}

export interface Coverage {
  expected: number;
  delivered: number;
  pending: number;
  complete: boolean;
  missing: string[];
  late: string[];
}

export interface CheckFinding {
  code: string;
  label: string;
  period: string;
  location?: string;
  location_name?: string;
  left: number;
  right: number;
}

export interface CheckList {
  period: string;
  checks: number;
  evaluated: number;
  broken: CheckFinding[];
}

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
