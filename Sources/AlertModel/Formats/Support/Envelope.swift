import JSON

/// What SNS and Pub/Sub share: a payload carried inside a message, decoded as whatever format it is,
/// with the envelope's facts stamped onto each resulting alert.
enum Envelope {
    /// Decodes `inner` with format detection. Alerts keep the inner format as `source` and the inner
    /// payload as `raw`; `stamp` adds what only the envelope knows (message id, topic). Decode errors
    /// name the envelope field they came from, so `Message.alerts` rather than a bare `alerts`.
    static func unwrap(
        _ inner: JSONObject,
        field: String,
        ingestor: Ingestor,
        stamp: (inout Alert) -> Void
    ) throws(DecodeError) -> [IngestItem] {
        let items: [IngestItem]
        do {
            items = try ingestor.decodeNested(inner)
        } catch {
            throw error.nested(in: field)
        }
        return items.map { item in
            guard case .alert(var alert) = item else { return item }
            stamp(&alert)
            return .alert(alert)
        }
    }
}

extension DecodeError {
    /// The same error with its field placed under the envelope field that held the payload.
    func nested(in parent: String) -> DecodeError {
        switch self {
        case .missing(let field, let expected): .missing(field: "\(parent).\(field)", expected: expected)
        case .invalid(let field, let reason): .invalid(field: "\(parent).\(field)", reason: reason)
        }
    }
}

/// Amounts in summaries: two decimals and thousands separators, as a person reads money.
enum AmountText {
    /// `1001` → `"1,001.00 USD"`; without a currency just the number.
    static func format(_ value: Double, currency: String? = nil) -> String {
        // Beyond whole cents in an Int64 (and for NaN) no grouping makes it readable; say it as Swift does.
        guard abs(value) < 9e16 else { return currency.map { "\(value) \($0)" } ?? "\(value)" }
        let cents = Int64((abs(value) * 100).rounded())
        var whole = String(cents / 100)
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        let fraction = cents % 100
        let text = (value < 0 ? "-" : "") + whole + grouped + "." + (fraction < 10 ? "0" : "") + String(fraction)
        guard let currency, !currency.isEmpty else { return text }
        return text + " " + currency
    }

    /// As ``format(_:currency:)``, but a number beyond `Double`'s range is said as it was written (`1e400 USD`).
    static func format(_ number: JSONNumber, currency: String? = nil) -> String {
        guard number.double.isFinite else { return currency.map { "\(number.text) \($0)" } ?? number.text }
        return format(number.double, currency: currency)
    }

    /// A percentage with at most two decimals: `333.67`, `80`.
    static func percent(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return JSONNumber(rounded).text + "%"
    }
}
