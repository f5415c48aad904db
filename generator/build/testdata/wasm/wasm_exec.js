// A stand-in for the toolchain's wasm_exec.js in the generator's tests: the pages under
// test must not change when the Go toolchain does.
globalThis.Go = class {
  constructor() {
    this.importObject = {};
  }
  run() {
    return Promise.resolve();
  }
};
