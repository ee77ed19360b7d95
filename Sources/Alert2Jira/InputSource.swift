import AlertModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// Opens the source for streaming. The reader owns nothing: callers close the descriptor with `close`.
    public func open(maximumDocumentSize: Int) -> Result<(reader: DocumentReader, fileDescriptor: Int32), InputError> {
        switch self {
        case .standardInput:
            return .success((DocumentReader(fileDescriptor: 0, source: name, maximumDocumentSize: maximumDocumentSize), 0))
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
            return .success((DocumentReader(fileDescriptor: descriptor, source: path, maximumDocumentSize: maximumDocumentSize), descriptor))
        }
    }
}
