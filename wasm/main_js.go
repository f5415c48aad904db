// Command wasm is the browser side of the engine: glue only. It registers one function,
// zeisim.assess(json) → json, and keeps the Go runtime alive for the page's life.
package main

import (
	"encoding/json"
	"syscall/js"

	"zeisim/wasm/tax"
)

func main() {
	api := js.Global().Get("Object").New()
	api.Set("assess", js.FuncOf(assess))
	api.Set("version", tax.RulesVersion())
	js.Global().Set("zeisim", api)
	select {}
}

// assess takes one household as a JSON string and returns the result or {"errors": [...]}
// as a JSON string. A panic must never kill the runtime: later calls would fail with
// "Go program has already exited".
func assess(_ js.Value, args []js.Value) (out any) {
	defer func() {
		if p := recover(); p != nil {
			out = `{"errors":[{"field":"(engine)","message":"計算できませんでした","message_en":"the engine failed"}]}`
		}
	}()
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return `{"errors":[{"field":"(input)","message":"入力がありません","message_en":"no input"}]}`
	}
	b, err := tax.AssessJSON([]byte(args[0].String()))
	if err != nil {
		b, _ = json.Marshal(err)
	}
	return string(b)
}
