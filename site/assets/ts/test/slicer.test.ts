// The form's pause (page.ts slicer): within its slice the next step runs in the same task;
// once the slice is spent, the page gets a task of its own before the next step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { slicer } from "../simulator/page";

// ranBefore reports whether a task queued before pause() ran before pause() resolved.
async function ranBefore(pause: () => Promise<void>): Promise<boolean> {
  let ran = false;
  setTimeout(() => {
    ran = true;
  }, 0);
  await pause();
  return ran;
}

function busy(ms: number): void {
  const t = performance.now();
  while (performance.now() - t < ms) {
    // spend the slice
  }
}

test("within the slice the pause does not yield", async () => {
  const pause = slicer(1000);
  assert.equal(await ranBefore(pause), false);
});

test("once the slice is spent the pause yields, and the next slice starts afresh", async () => {
  const pause = slicer(5);
  busy(10);
  assert.equal(await ranBefore(pause), true);
  assert.equal(await ranBefore(pause), false);
});
