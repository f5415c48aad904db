// Declarations for imports that esbuild resolves at build time.

// The Go toolchain's wasm_exec.js, aliased by the generator; it defines globalThis.Go.
declare module "go:wasm_exec";

// The page's own string table (site/i18n/simulator/<lang>.json): the generator bundles the
// simulator once per table.
declare module "zeisim:strings" {
  const table: Record<string, string>;
  export default table;
}
