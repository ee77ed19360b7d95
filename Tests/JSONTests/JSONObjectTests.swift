import Testing

@testable import JSON

@Suite("JSONObject")
struct JSONObjectTests {
    /// However many pairs, a repeated key keeps its first place and takes its last value, as assigning them one by
    /// one does; large objects are built through an index instead of a search per pair.
    @Test(arguments: [3, 16, 17, 1_000])
    func pairsWithRepeatedKeysBuildWhatAssigningThemBuilds(count: Int) {
        let pairs = (0..<count).map { ("k\($0 % max(2, count / 3))", JSONValue.number(JSONNumber($0))) }
        var assigned = JSONObject()
        for (key, value) in pairs { assigned[key] = value }
        let built = JSONObject(pairs)
        #expect(built == assigned)
        #expect(built.keys == assigned.keys)
        #expect(Set(built.keys).count == built.count)
    }

    @Test func aStringMapLaidOverAnotherReplacesItsKeysAndLeavesOutWhatIsNotAScalar() throws {
        let object = try #require(
            try JSONParser.parse(#"{"labels": {"team": "sre", "count": 3, "nested": {"a": 1}, "flag": true}, "other": 1}"#).objectValue
        )
        let common = ["team": "ops", "region": "eu"]
        #expect(object.stringMap("labels", over: common) == ["team": "sre", "region": "eu", "count": "3", "flag": "true"])
        #expect(object.stringMap("labels", over: [:]) == object.stringMap("labels"))
        #expect(object.stringMap("missing", over: common) == common)
        #expect(object.stringMap("other", over: common) == common)
    }
}
