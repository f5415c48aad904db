// Sharing and keeping a household without a server: a link whose fragment carries the engine
// input (copied, never put in the address bar by the page) and the same JSON as a file
// (the ASP simulators' 「入力途中データ保存」). Opening either fills the form; what the form
// cannot show is listed, never dropped silently.

import { download, h, replace } from "./dom";
import { decode, Decoded, fromFragment, link, MAX_HOUSEHOLD_BYTES, parseJSON } from "./household";
import { Lang } from "./i18n";

export interface ShareHost {
  lang: Lang;
  // current is the household as the engine would read it now, or null while the form has
  // problems (a link must not carry half-read figures).
  current(): Record<string, unknown> | null;
  // open fills the form and returns the paths no field can show.
  open(input: Record<string, unknown>): string[];
}

// mountShare fills the #share box and returns the status line's setter.
export function mountShare(box: HTMLElement, host: ShareHost): (text: string) => void {
  const { lang } = host;
  const status = h("p", { id: "share-status", role: "status", class: "privacy-status" });
  const fallback = h("div", { id: "share-fallback" });
  const say = (text: string): void => {
    status.textContent = text;
  };
  const copy = h("button", { type: "button", id: "share-copy", class: "secondary" }, lang.t("share.copy"));
  copy.addEventListener("click", () => {
    const input = host.current();
    replace(fallback);
    if (!input) return say(lang.t("share.not_ready"));
    const url = link(location.href, input);
    const manual = (): void => {
      const field = h("input", { type: "text", readonly: true, id: "share-link", value: url, "aria-label": lang.t("share.link_label"), class: "share-link" });
      replace(fallback, field);
      field.select();
      say(lang.t("share.copy_failed"));
    };
    if (!navigator.clipboard) return manual();
    navigator.clipboard.writeText(url).then(() => say(lang.t("share.copied")), manual);
  });
  const save = h("button", { type: "button", id: "share-export", class: "secondary" }, lang.t("share.export"));
  save.addEventListener("click", () => {
    const input = host.current();
    if (!input) return say(lang.t("share.not_ready"));
    download(JSON.stringify(input, null, 2) + "\n", "zeisim-household.json", "application/json");
    say(lang.t("share.exported"));
  });
  const file = h("input", { type: "file", id: "share-import", accept: ".json,application/json", class: "file" });
  file.addEventListener("change", () => {
    const f = file.files?.[0];
    file.value = "";
    if (!f) return;
    if (f.size > MAX_HOUSEHOLD_BYTES) return say(problem(lang, "file", { ok: false, error: "too_large" }));
    f.text().then(
      (text) => say(opened(host, "file", parseJSON(text))),
      () => say(problem(lang, "file", { ok: false, error: "format" })),
    );
  });
  replace(
    box,
    h("h3", { id: "share-heading" }, lang.t("share.heading")),
    h("p", { id: "share-warning", class: "notice-warning" }, lang.t("share.warning")),
    h("div", { class: "share-actions" }, copy, save),
    h("div", { class: "field" }, h("label", { for: "share-import" }, lang.t("share.import")), file),
    fallback,
    status,
  );
  return say;
}

// openFragment loads the household of a "#household=" link, if the page was opened with one,
// and takes the fragment out of the address bar so it is not kept in bookmarks or history
// beyond this visit. It returns the message to show, or null without such a fragment.
export function openFragment(host: ShareHost): string | null {
  const enc = fromFragment(location.hash);
  if (enc === null) return null;
  history.replaceState(null, "", location.pathname + location.search);
  return opened(host, "link", decode(enc));
}

function opened(host: ShareHost, source: "link" | "file", d: Decoded): string {
  if (!d.ok) return problem(host.lang, source, d);
  const unshown = host.open(d.input);
  const done = host.lang.t("share.loaded." + source);
  return unshown.length ? done + " " + host.lang.t("share.unshown", { paths: unshown.join(", ") }) : done;
}

function problem(lang: Lang, source: "link" | "file", d: { ok: false; error: string }): string {
  return lang.t("share.error." + d.error, { source: lang.t("share.source." + source) });
}
