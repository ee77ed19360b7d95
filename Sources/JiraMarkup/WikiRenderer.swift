/// Turns parsed description content into Jira wiki markup for Data Center, cut to fit the length limit.
///
/// Layout: paragraphs separated by a blank line, lines by a single newline (Jira renders it as a break, so no
/// `\\` is needed), then `*Labels*` and one `* ` item per label, then the payload in `{noformat}`. When the whole
/// does not fit, it is rendered again with room set aside for ``JiraMarkup/truncationMarker`` and cut at the
/// first piece that doesn't fit; a piece is one escaped Character, a whole link or a structural token.
struct WikiRenderer: Sendable {
    let content: DescriptionContent
    let maximumLength: Int

    func render() -> String {
        UTF8Text.withBytes(of: content.source) { text in
            let payloadLength = content.payload?.utf8.count ?? 0
            // Escapes make the output longer than the text, but rarely by more than an eighth.
            var full = WikiOutput(limit: nil, capacity: text.count + text.count / 8 + payloadLength + 64)
            _ = write(text, into: &full, marker: "")
            // UTF-16 never takes more units than UTF-8 takes bytes, so a description that fits is seldom counted.
            if full.bytes.count <= maximumLength || full.utf16Count <= maximumLength { return full.string }

            let marker = WikiMarkup.escapedTruncationMarker
            let reserve = 2 + marker.utf16.count
            guard maximumLength >= reserve else {
                return maximumLength >= marker.utf16.count ? marker : ""
            }
            var output = WikiOutput(limit: maximumLength, reserve: reserve, capacity: maximumLength)
            let markerPlaced = write(text, into: &output, marker: marker)
            if output.isCut, !markerPlaced {
                output.appendUsingReserve(output.blockSeparator + marker)
            }
            return output.string
        }
    }

    /// Writes the description until the output is cut.
    ///
    /// - Returns: whether `marker` was written inside the payload block because the cut fell there.
    private func write(_ text: UTF8Text, into output: inout WikiOutput, marker: String) -> Bool {
        for paragraph in content.paragraphs {
            output.setPending(output.blockSeparator)
            guard write(content.spans[paragraph], of: text, into: &output) else { return false }
        }

        if !content.labels.isEmpty {
            // The heading waits in `pending` until the first label character is written.
            output.setPending(output.blockSeparator + "*" + JiraMarkup.labelsHeading + "*")
            for label in content.labels {
                output.addPending("\n* ")
                guard write(content.spans[label], of: text, into: &output) else { return false }
            }
        }

        guard let payload = content.payload else { return false }
        let separator = output.blockSeparator
        let open = separator + "{noformat}\n"
        let close = "\n{noformat}"
        let written = output.appendPiece { bytes in
            bytes.append(contentsOf: open.utf8)
            var payload = payload
            payload.withUTF8 { WikiMarkup.appendNeutralizingNoformat($0, to: &bytes) }
            bytes.append(contentsOf: close.utf8)
        }
        if written { return false }

        // Cut inside the payload: keep what fits and put the marker in the block as its last line.
        let body = WikiMarkup.neutralizeNoformat(payload)
        let frame = open + "\n" + marker + close
        let room = (output.remaining ?? .max) - frame.utf16.count
        let prefix = body.prefix(utf16Budget: room)
        guard !prefix.isEmpty else { return false }
        output.appendUsingReserve(open + prefix + "\n" + marker + close)
        return true
    }

    /// Writes one paragraph or label item; returns `false` once the output is cut.
    private func write(_ spans: ArraySlice<InlineSpan>, of text: UTF8Text, into output: inout WikiOutput) -> Bool {
        var escaper = WikiEscaper(style: .backslash)
        for index in spans.indices {
            switch spans[index] {
            case .text(let range):
                let nextIsLink = index + 1 < spans.endIndex && spans[index + 1] != .lineBreak
                let following = nextIsLink ? UInt8(ascii: "[") : nil
                guard escaper.escape(range, of: text, followedBy: following, into: &output) else { return false }
            case .link(let range):
                guard output.appendPiece({ WikiMarkup.appendLink(range, of: text, to: &$0) }) else { return false }
                escaper.resetLookbehind()
            case .lineBreak:
                output.addPending("\n")
                escaper.resetLookbehind()
                escaper.atLineStart = true
            }
        }
        return true
    }
}
