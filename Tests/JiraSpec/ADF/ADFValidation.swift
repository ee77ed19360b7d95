/// One walk over an ADF document that collects every problem with the path where it was found.
///
/// A struct rather than free functions so the problem list and the depth guard travel together without being
/// passed through every call.
struct ADFValidation: Sendable {
    private(set) var problems: [String] = []

    mutating func validateDocument(_ document: SpecJSON) {
        guard let object = document.objectValue else {
            report("", "the document must be a JSON object")
            return
        }
        for key in object.keys where !["version", "type", "content"].contains(key) {
            report(key, "unknown property '\(key)' on doc")
        }
        if object["type"]?.stringValue != "doc" {
            report("type", "must be \"doc\"")
        }
        if case .number(let version) = object["version"], version.double == 1 {
            // The only version there is.
        } else {
            report("version", "must be 1")
        }
        guard let content = object["content"] else {
            report("content", "is required")
            return
        }
        validateChildren(content, of: "doc", rule: nil, allowed: ADFSchema.topLevelBlocks, path: "", depth: 1)
    }

    private mutating func report(_ path: String, _ message: String) {
        problems.append("INVALID_INPUT: \(path.isEmpty ? "(root)" : path): \(message)")
    }

    private static func join(_ path: String, _ component: String) -> String {
        path.isEmpty ? component : path + "." + component
    }

    private mutating func validateChildren(
        _ content: SpecJSON,
        of parentType: String,
        rule: ADFSchema.NodeRule?,
        allowed: Set<String>,
        path: String,
        depth: Int
    ) {
        let contentPath = Self.join(path, "content")
        guard let children = content.arrayValue else {
            report(contentPath, "must be an array")
            return
        }
        if rule?.requiresContent == true, children.isEmpty {
            report(contentPath, "\(parentType) must contain at least one node")
        }
        for (index, child) in children.enumerated() {
            let childPath = "\(contentPath)[\(index)]"
            guard let type = child["type"]?.stringValue else {
                report(childPath, "node must be an object with a string \"type\"")
                continue
            }
            let firstOnly = index == 0 ? rule?.firstChild : nil
            guard (firstOnly ?? allowed).contains(type) else {
                if ADFSchema.rules[type] == nil, !ADFSchema.uncheckedNodes.contains(type) {
                    report(childPath, "unknown node type '\(type)'")
                } else if firstOnly != nil {
                    report(childPath, "node type '\(type)' can't be the first node in \(parentType)")
                } else {
                    report(childPath, "node type '\(type)' is not allowed in \(parentType)")
                }
                continue
            }
            validateNode(child, type: type, parentType: parentType, path: childPath, depth: depth + 1)
        }
    }

    private mutating func validateNode(_ node: SpecJSON, type: String, parentType: String, path: String, depth: Int) {
        guard depth <= ADFValidator.maximumDepth else {
            report(path, "document is nested deeper than \(ADFValidator.maximumDepth) levels")
            return
        }
        if ADFSchema.uncheckedNodes.contains(type) { return }
        guard let rule = ADFSchema.rules[type], let object = node.objectValue else {
            report(path, "unknown node type '\(type)'")
            return
        }
        for key in object.keys where key != "type" && !rule.keys.contains(key) {
            report(Self.join(path, key), "unknown property '\(key)' on \(type)")
        }
        if let attrs = object["attrs"], attrs.objectValue == nil {
            report(Self.join(path, "attrs"), "must be an object")
        }
        validateAttributes(object, type: type, path: path)

        if let marks = object["marks"] {
            if type == "text" {
                validateTextMarks(marks, inCodeBlock: parentType == "codeBlock", path: path)
            } else {
                validateBlockMarks(marks, allowed: rule.marks, type: type, path: path)
            }
        }

        if let children = rule.children {
            if let content = object["content"] {
                validateChildren(content, of: type, rule: rule, allowed: children, path: path, depth: depth)
            } else if rule.requiresContent {
                report(Self.join(path, "content"), "is required on \(type)")
            }
        }
    }

    private mutating func validateAttributes(_ object: SpecObject, type: String, path: String) {
        let attrs = object["attrs"]?.objectValue
        let attrsPath = Self.join(path, "attrs")
        switch type {
        case "text":
            guard let text = object["text"]?.stringValue, !text.isEmpty else {
                report(Self.join(path, "text"), "text node must have a non-empty \"text\" string")
                return
            }
        case "heading":
            guard let level = attrs?["level"], Self.integer(level).map({ (1...6).contains($0) }) == true else {
                report(Self.join(attrsPath, "level"), "heading level must be an integer from 1 to 6")
                return
            }
        case "orderedList":
            if let order = attrs?["order"], Self.integer(order).map({ $0 >= 0 }) != true {
                report(Self.join(attrsPath, "order"), "must be a non-negative integer")
            }
        case "codeBlock":
            if let language = attrs?["language"], language.stringValue == nil, !language.isNull {
                report(Self.join(attrsPath, "language"), "must be a string")
            }
        case "panel":
            guard let panelType = attrs?["panelType"]?.stringValue, ADFSchema.panelTypes.contains(panelType) else {
                report(Self.join(attrsPath, "panelType"), "must be one of \(ADFSchema.panelTypes.sorted().joined(separator: ", "))")
                return
            }
        case "hardBreak":
            if let text = attrs?["text"], text.stringValue != "\n" {
                report(Self.join(attrsPath, "text"), "hardBreak text may only be \"\\n\"")
            }
        case "mention":
            if attrs?["id"]?.stringValue == nil {
                report(Self.join(attrsPath, "id"), "mention requires a string id")
            }
        case "emoji":
            if attrs?["shortName"]?.stringValue == nil {
                report(Self.join(attrsPath, "shortName"), "emoji requires a string shortName")
            }
        case "inlineCard":
            if attrs?["url"]?.stringValue == nil, attrs?["data"]?.objectValue == nil {
                report(attrsPath, "inlineCard requires a string url or a data object")
            }
        default:
            break
        }
    }

    private mutating func validateTextMarks(_ marks: SpecJSON, inCodeBlock: Bool, path: String) {
        let marksPath = Self.join(path, "marks")
        guard let list = marks.arrayValue else {
            report(marksPath, "must be an array")
            return
        }
        if inCodeBlock, !list.isEmpty {
            report(marksPath, "text in a codeBlock can't have marks")
            return
        }
        var seen: Set<String> = []
        for (index, mark) in list.enumerated() {
            let markPath = "\(marksPath)[\(index)]"
            guard let type = validateMarkShape(mark, path: markPath) else { continue }
            guard ADFSchema.textMarks.contains(type) else {
                report(markPath, "unknown mark type '\(type)'")
                continue
            }
            if !seen.insert(type).inserted {
                report(markPath, "mark '\(type)' appears more than once")
            }
            validateMarkAttributes(mark, type: type, path: markPath)
        }
        // In ADF, code text is plain apart from being a link.
        if seen.contains("code"), !seen.subtracting(["code", "link"]).isEmpty {
            report(marksPath, "the code mark can only be combined with link")
        }
    }

    private mutating func validateBlockMarks(_ marks: SpecJSON, allowed: Set<String>, type: String, path: String) {
        let marksPath = Self.join(path, "marks")
        guard let list = marks.arrayValue else {
            report(marksPath, "must be an array")
            return
        }
        for (index, mark) in list.enumerated() {
            let markPath = "\(marksPath)[\(index)]"
            guard let markType = validateMarkShape(mark, path: markPath) else { continue }
            guard allowed.contains(markType) else {
                report(markPath, "mark '\(markType)' is not allowed on \(type)")
                continue
            }
            validateMarkAttributes(mark, type: markType, path: markPath)
        }
    }

    /// The mark's type when it is an object of `type` and optional `attrs`.
    private mutating func validateMarkShape(_ mark: SpecJSON, path: String) -> String? {
        guard let object = mark.objectValue, let type = object["type"]?.stringValue else {
            report(path, "mark must be an object with a string \"type\"")
            return nil
        }
        for key in object.keys where key != "type" && key != "attrs" {
            report(Self.join(path, key), "unknown property '\(key)' on mark")
        }
        return type
    }

    private mutating func validateMarkAttributes(_ mark: SpecJSON, type: String, path: String) {
        let attrs = mark["attrs"]
        let attrsPath = Self.join(path, "attrs")
        switch type {
        case "link":
            if attrs?["href"]?.stringValue == nil {
                report(Self.join(attrsPath, "href"), "link mark requires a string href")
            }
        case "textColor", "backgroundColor":
            guard let color = attrs?["color"]?.stringValue, Self.isHexColor(color) else {
                report(Self.join(attrsPath, "color"), "\(type) requires a color like \"#ff5630\"")
                return
            }
        case "subsup":
            guard let kind = attrs?["type"]?.stringValue, kind == "sub" || kind == "sup" else {
                report(Self.join(attrsPath, "type"), "subsup type must be \"sub\" or \"sup\"")
                return
            }
        case "alignment":
            guard let align = attrs?["align"]?.stringValue, align == "center" || align == "end" else {
                report(Self.join(attrsPath, "align"), "alignment must be \"center\" or \"end\"")
                return
            }
        case "indentation":
            guard let level = attrs?["level"], Self.integer(level).map({ (1...6).contains($0) }) == true else {
                report(Self.join(attrsPath, "level"), "indentation level must be an integer from 1 to 6")
                return
            }
        case "breakout":
            guard let mode = attrs?["mode"]?.stringValue, mode == "wide" || mode == "full-width" else {
                report(Self.join(attrsPath, "mode"), "breakout mode must be \"wide\" or \"full-width\"")
                return
            }
        default:
            if attrs != nil { report(attrsPath, "mark '\(type)' takes no attrs") }
        }
    }

    private static func integer(_ value: SpecJSON) -> Int? {
        guard case .number(let number) = value else { return nil }
        guard let double = number.double, double.isFinite, double.rounded() == double, abs(double) < 1e9 else { return nil }
        return Int(double)
    }

    private static func isHexColor(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[0] == UInt8(ascii: "#") else { return false }
        return bytes.dropFirst().allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        }
    }
}
