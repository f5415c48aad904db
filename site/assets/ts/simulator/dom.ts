// DOM building without HTML strings: the site enforces Trusted Types with no policy, so
// innerHTML and friends would throw. Every node is made with createElement and textContent.

export type Child = Node | string | null | undefined | false;

export interface Attrs {
  [name: string]: string | number | boolean | null | undefined;
}

// h makes an element: h("p", {class: "x"}, "text", child). Attributes whose value is false,
// null or undefined are left out; true gives an empty attribute.
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

// s makes an SVG element; presentation attributes (fill, stroke) are attributes, not style,
// so they are allowed under style-src 'self'.
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el: Element, attrs?: Attrs | null): void {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    el.setAttribute(k, v === true ? "" : String(v));
  }
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
}

// replace empties el and appends children.
export function replace(el: Node, ...children: Child[]): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, children);
}

// live marks an element whose listeners (added by its builder) close over what it was built
// from: update replaces it instead of keeping the old one, whose listeners would act on
// stale data. Returns el.
const carriesListeners = new WeakSet<Node>();
export function live<T extends Element>(el: T): T {
  carriesListeners.add(el);
  return el;
}

// update makes el's children equal to children, as replace does, but keeps each node that is
// the same kind as its counterpart (text, or the same tag and id) and changes only what
// differs in it: a recomputation that moves a few figures makes the browser restyle and lay
// out those figures, not every block rebuilt from scratch. Form controls and live elements
// are always replaced (a control's value is not its attribute; see live).
export function update(el: Node, ...children: Child[]): void {
  const next: Node[] = [];
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    next.push(typeof c === "string" ? document.createTextNode(c) : c);
  }
  reconcile(el, next);
}

function reconcile(parent: Node, next: Node[]): void {
  let old = parent.firstChild;
  for (const n of next) {
    if (!old) {
      parent.appendChild(n);
      continue;
    }
    const following: ChildNode | null = old.nextSibling;
    if (sameKind(old, n)) {
      if (old.nodeType === Node.TEXT_NODE) {
        if ((old as Text).data !== (n as Text).data) (old as Text).data = (n as Text).data;
      } else {
        syncAttrs(old as Element, n as Element);
        reconcile(old, Array.from(n.childNodes));
      }
    } else parent.replaceChild(n, old);
    old = following;
  }
  while (old) {
    const following: ChildNode | null = old.nextSibling;
    parent.removeChild(old);
    old = following;
  }
}

const controls = new Set(["INPUT", "SELECT", "TEXTAREA", "OPTION"]);

function sameKind(a: Node, b: Node): boolean {
  if (a.nodeType !== b.nodeType) return false;
  if (a.nodeType === Node.TEXT_NODE) return true;
  if (a.nodeType !== Node.ELEMENT_NODE) return false;
  const x = a as Element,
    y = b as Element;
  return x.namespaceURI === y.namespaceURI && x.tagName === y.tagName && x.id === y.id && !controls.has(x.tagName) && !carriesListeners.has(x) && !carriesListeners.has(y);
}

function syncAttrs(el: Element, want: Element): void {
  for (const name of el.getAttributeNames()) if (!want.hasAttribute(name)) el.removeAttribute(name);
  for (const name of want.getAttributeNames()) {
    const v = want.getAttribute(name) as string;
    if (el.getAttribute(name) !== v) el.setAttribute(name, v);
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

// download offers text as a file. A blob: URL followed by <a download> is a navigation the
// browser turns into a download, not a fetch, so connect-src does not apply; the URL is
// revoked once the click has been handled.
export function download(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
