import AlertModel
import ArgumentParser
import Foundation

/// `alert2jira formats`: the payload formats and how each is recognised.
struct FormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List the input formats and how each is recognised."
    )

    func run() throws {
        let formats = AlertFormats.all
        let width = formats.map(\.id.count).max() ?? 0
        var output = Terminal.standardOutput
        for format in formats {
            output.line(format.id.padding(toLength: width + 2, withPad: " ", startingAt: 0) + format.recognition)
        }
        output.line("")
        output.line("Detection tries them in this order; --format NAME skips detection.")
        output.flush()
    }
}
