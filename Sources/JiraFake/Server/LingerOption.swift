/// `struct linger` (`int l_onoff; int l_linger;` on Linux and Darwin alike), declared here because NIO's
/// `NIOLinger` can only be built by importing an internal C module of NIO.
struct LingerOption: Sendable {
    var enabled: Int32
    var seconds: Int32
}
