// Declarations for imports that esbuild resolves at build time.

// The Go toolchain's wasm_exec.js, aliased by the generator; it defines globalThis.Go.
declare module "go:wasm_exec";
