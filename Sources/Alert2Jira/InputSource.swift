import AlertModel
import Glibc

/// Where documents come from: standard input or files, read as streams in the order given.
public enum InputSource: Sendable, Equatable {
    case standardInput
    case file(String)

    /// No paths, or `-`, means standard input, as for `cat`.
    public static func from(paths: [String]) -> [InputSource] {
        paths.isEmpty ? [.standardInput] : paths.map { $0 == "-" ? .standardInput : .file($0) }
    }

    public var name: String {
        switch self {
        case .standardInput: "stdin"
        case .file(let path): path
        }
    }

    /// Opens the source for streaming; the descriptor is closed when the returned input goes away.
    public func open(maximumDocumentSize: Int) -> Result<OpenedInput, InputError> {
        switch self {
        case .standardInput:
            return .success(OpenedInput(DocumentReader(fileDescriptor: 0, source: name, maximumDocumentSize: maximumDocumentSize), owns: nil))
        case .file(let path):
            let descriptor = Glibc.open(path, O_RDONLY)
            guard descriptor >= 0 else {
                return .failure(.unreadable(source: path, reason: String(cString: strerror(errno))))
            }
            var status = stat()
            if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
                Glibc.close(descriptor)
                return .failure(.unreadable(source: path, reason: "it is a directory"))
            }
            let reader = DocumentReader(fileDescriptor: descriptor, source: path, maximumDocumentSize: maximumDocumentSize)
            return .success(OpenedInput(reader, owns: descriptor))
        }
    }
}

/// A source being read: its document reader, and the file it closes when done (standard input stays open).
public final class OpenedInput {
    public var reader: DocumentReader
    private let descriptor: Int32?

    init(_ reader: DocumentReader, owns descriptor: Int32?) {
        self.reader = reader
        self.descriptor = descriptor
    }

    deinit {
        if let descriptor { Glibc.close(descriptor) }
    }
}

extension RunSummary {
    /// Opens `source` for a run; a source that can't be opened is counted and reported, and `nil` comes back.
    mutating func open(_ source: InputSource, maximumDocumentSize: Int, onInputError: (InputError) -> Void) -> OpenedInput? {
        switch source.open(maximumDocumentSize: maximumDocumentSize) {
        case .failure(let error):
            inputErrors += 1
            onInputError(error)
            return nil
        case .success(let input):
            return input
        }
    }
}
