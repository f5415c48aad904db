// Command wasm is the browser side of the engine: glue only. It registers
//
//	zeisim.assess(json) → json            one household → the result or {"errors": [...]}
//	zeisim.curve(json, maxSalary, step) → json   the tax as the salary varies (the chart)
//	zeisim.version                         the rules version
//
// and keeps the Go runtime alive for the page's life. It imports no encoding/json: the
// engine's own reader and writer keep the module small.
package main

import (
	"syscall/js"

	"zeisim/wasm/tax"
)

func main() {
	api := js.Global().Get("Object").New()
	api.Set("assess", js.FuncOf(assess))
	api.Set("curve", js.FuncOf(curve))
	api.Set("version", tax.RulesVersion())
	js.Global().Set("zeisim", api)
	select {}
}

// failed is returned when a call panics: a panic must never kill the runtime, or every later
// call would fail with "Go program has already exited".
const failed = `{"errors":[{"field":"(engine)","message":"計算できませんでした","message_en":"the engine failed"}]}`

func assess(_ js.Value, args []js.Value) (out any) {
	defer func() {
		if p := recover(); p != nil {
			out = failed
		}
	}()
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return `{"errors":[{"field":"(input)","message":"入力がありません","message_en":"no input"}]}`
	}
	b, _ := tax.Respond([]byte(args[0].String()))
	return string(b)
}

func curve(_ js.Value, args []js.Value) (out any) {
	defer func() {
		if p := recover(); p != nil {
			out = failed
		}
	}()
	if len(args) != 3 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeNumber || args[2].Type() != js.TypeNumber {
		return `{"errors":[{"field":"(input)","message":"curve(json, maxSalary, step) の形で呼び出してください","message_en":"call curve(json, maxSalary, step)"}]}`
	}
	maxSalary, step := args[1].Float(), args[2].Float()
	// Whole numbers only: a fraction or an out-of-range number is rejected, never truncated.
	if maxSalary != float64(int64(maxSalary)) || step != float64(int64(step)) {
		return `{"errors":[{"field":"max_salary","message":"給与収入の上限と刻み幅は整数で指定してください","message_en":"maxSalary and step must be whole numbers"}]}`
	}
	b, _ := tax.CurveJSON([]byte(args[0].String()), int64(maxSalary), int64(step))
	return string(b)
}
