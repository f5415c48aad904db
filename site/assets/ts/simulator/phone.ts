// What keeps the simulator usable on a phone: the running total in a bar while the result is
// off-screen, 計算する bringing the answer into view, and 「入力をすべて消す」 asking first.

import { byId, h, replace } from "./dom";
import { el, Page, setStatus } from "./page";

// confirmReset asks before 「入力をすべて消す」 erases everything: an inline question under the
// button (no blocking dialog), focus on the safe answer.
export function confirmReset(page: Page, erase: () => void): void {
  const { lang } = page;
  const reset = el("reset");
  byId("reset-confirm")?.remove();
  const yes = h("button", { type: "button", id: "reset-yes", class: "danger" }, lang.t("reset.yes"));
  const no = h("button", { type: "button", id: "reset-no", class: "secondary" }, lang.t("reset.no"));
  const box = h("div", { id: "reset-confirm", class: "confirm", role: "group", "aria-labelledby": "reset-question" }, h("p", { id: "reset-question" }, lang.t("reset.question")), yes, no);
  reset.insertAdjacentElement("afterend", box);
  yes.addEventListener("click", () => {
    box.remove();
    erase();
    el("f-age").focus();
    setStatus(page, lang.t("reset.done"), true);
  });
  no.addEventListener("click", () => {
    box.remove();
    reset.focus();
  });
  no.focus();
}

// buildSticky makes the bar that keeps the total in view on a phone while the resident types
// (CSS shows it below 62rem only, and only while the result itself is out of view). Its button
// brings the result (or the list of problems) into view; the figure is not a live region: the
// status line already announces it.
export function buildSticky(page: Page): void {
  const { lang } = page;
  const go = h("button", { type: "button", id: "sticky-go", class: "secondary" }, lang.t("sticky.show"));
  go.addEventListener("click", () => showOutcome(page));
  const bar = h("div", { id: "sticky-total", class: "sticky-total", hidden: true }, h("p", { id: "sticky-text" }), go);
  el("sim").appendChild(bar);
  if (typeof IntersectionObserver !== "undefined") {
    // The observer answers after each frame's layout whenever the result enters or leaves
    // the view (scrolling, or the result growing and moving as it is redrawn): the bar
    // follows its last answer, so no keystroke forces a layout of its own to measure it.
    new IntersectionObserver((entries) => {
      page.resultInView = entries[entries.length - 1].isIntersecting;
      updateSticky(page);
    }).observe(el("result"));
  }
}

export function updateSticky(page: Page): void {
  const bar = byId("sticky-total");
  if (!bar) return;
  const { lang } = page;
  const state = el("sim").dataset.state;
  const text = el("sticky-text");
  if (state === "result" && page.last) {
    replace(text, h("span", null, lang.t("sticky.total")), " ", h("strong", { id: "sticky-yen" }, lang.yen(page.last.result.total)));
  } else if (state === "problems") {
    replace(text, h("strong", null, lang.t("sticky.problems", { n: String(byId("problems")?.querySelectorAll("li").length ?? 0) })));
  } else {
    bar.hidden = true;
    document.documentElement.toggleAttribute("data-sticky", false);
    return;
  }
  bar.hidden = page.resultInView ?? resultMeasuredInView();
  document.documentElement.toggleAttribute("data-sticky", !bar.hidden);
}

// showOutcome answers 計算する where the resident can see it: the result scrolled into view
// with the focus on its heading, else the first problem, else the first empty field with the
// prompt said aloud.
export function showOutcome(page: Page): void {
  const state = el("sim").dataset.state;
  const target = state === "result" ? el("result-heading") : state === "problems" ? byId("problems") : null;
  if (target) {
    target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start" });
    return;
  }
  const prompt = byId("form-prompt");
  if (prompt) prompt.textContent = page.lang.t(page.engine ? "status.prompt" : "status.loading");
  el("f-age").focus();
}

// resultMeasuredInView is the answer without an observer (none yet, or a browser without
// IntersectionObserver): a measurement, which lays the page out at once.
function resultMeasuredInView(): boolean {
  const r = el("result").getBoundingClientRect();
  return r.height > 0 && r.top < window.innerHeight && r.bottom > 0;
}
