package tax

// rulesVersion names the rule set and parameters compiled into the engine. Bump it whenever
// any parameter or rule changes: TestRulesVersionTracksParameters fails until you do.
const rulesVersion = "zeisim-rules-2026.5"

// RulesVersion identifies the rule set compiled into the engine.
func RulesVersion() string { return rulesVersion }
