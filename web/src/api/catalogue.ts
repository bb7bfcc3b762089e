// The catalogue as beheer reads and changes it (/api/v1/catalogue/...): the
// files the server runs on, as saved. A change waits for the server's next
// start; every answer says which version runs and whether one is pending.
import { get, patch, type Schemas } from "./client";
import { CaseType } from "./cases";

// The served document's types (schema.d.ts).
export type CatalogueStatus = Schemas["CatalogueStatus"];
export type CatalogueActivityType = Schemas["CatalogueActivityType"];
export type CatalogueAttribute = CatalogueActivityType["attributes"][number];

export type Condition = { field: string; equals?: unknown; in?: string[]; not_in?: string[] };

export interface CatalogueIndicator {
  code: string;
  theme: string;
  theme_label: string;
  label: string;
  definition: string;
  unit: string;
  measure: string;
  activity_type: string | null;
  activity_type_label: string | null;
  where: Condition[];
  numerator: Condition[];
  attribute: string | null;
  location_type: string | null;
  aggregate_type: string | null;
}

interface Listed<T> {
  items: T[];
  catalogue: CatalogueStatus;
}

export interface Changed<T> {
  item: T;
  catalogue: CatalogueStatus;
}

export const catalogueActivityTypes = () => get<Listed<CatalogueActivityType>>("/catalogue/activity-types");
export const catalogueIndicators = () => get<Listed<CatalogueIndicator>>("/catalogue/indicators");
export const catalogueCaseTypes = () => get<Listed<CaseType>>("/catalogue/case-types");

export const changeActivityType = (code: string, change: { label: string; description: string; attributes: Record<string, { label: string }> }) =>
  patch<Changed<CatalogueActivityType>>(`/catalogue/activity-types/${encodeURIComponent(code)}`, change);
export const changeIndicator = (code: string, change: { label: string; definition: string }) =>
  patch<Changed<CatalogueIndicator>>(`/catalogue/indicators/${encodeURIComponent(code)}`, change);
export const changeState = (type: string, state: string, change: { label: string; deadline_working_days?: number | string | null }) =>
  patch<Changed<CaseType>>(`/catalogue/case-types/${encodeURIComponent(type)}/states/${encodeURIComponent(state)}`, change);
