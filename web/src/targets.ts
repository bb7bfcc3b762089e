// A figure's progress towards its target (streefwaarde) as the API gives it
// (docs/figures.md, "Targets"): a progress bar with the same in words beside
// it — the number, the target, the share and whether it is on track — never
// by colour alone.
import type { Indicator } from "./api/grip";
import { h } from "./dom";
import { formatNumber, t } from "./i18n";
import "./targets.css";

export interface TargetProgress {
  value: number;
  direction: "at_least" | "at_most";
  progress: number;
  elapsed: number;
  status: "met" | "on_track" | "behind" | "missed";
  status_text: string;
  text: string;
}

export function targetOf(ind: Indicator): TargetProgress | undefined {
  return (ind as Indicator & { target?: TargetProgress }).target;
}

// The progress in words: "84 van 250 (34%), achter; 50% van de periode is voorbij".
export function targetText(ind: Indicator, target: TargetProgress): string {
  const value = typeof ind.value === "number" ? ind.value : 0;
  const params = {
    value: formatNumber(value, 1),
    target: formatNumber(target.value, 1),
    share: formatNumber(target.progress * 100, 0),
    status: t(`targets.status.${target.status}`),
    elapsed: formatNumber(target.elapsed * 100, 0),
  };
  const main = t(target.direction === "at_most" ? "targets.textAtMost" : "targets.text", params);
  return target.elapsed < 1 ? `${main}; ${t("targets.elapsed", params)}` : main;
}

export function targetMark(code: string, ind: Indicator): HTMLElement | null {
  const target = targetOf(ind);
  if (!target) return null;
  const text = targetText(ind, target);
  return h(
    "div",
    { class: `grip-target grip-target--${target.status}`, "data-testid": `target-${code}` },
    h("progress", { class: "grip-target__bar", max: "1", value: String(Math.min(1, Math.max(0, target.progress))), "aria-label": text }),
    h("span", { class: "grip-target__text" }, text),
  );
}
