// A webhook server with nothing but the chosen stack: Hummingbird for HTTP, GRDB for a SQLite
// spool in WAL mode. It does the least `alert2jira serve` has to do, so its figures are a floor:
//   GET  /healthz   answers "ok"
//   POST /discard   reads the body and answers 202
//   POST /spool     reads the body, commits it as one row in a transaction of its own with
//                   synchronous = FULL (SQLite fsyncs the log before the commit returns), then
//                   answers 202: durability as a plain GRDB server gets it, without group commits
// usage: serve-floor DATA_DIR      prints "listening on http://127.0.0.1:PORT" once bound
import Foundation
import GRDB
import Hummingbird

let directory = CommandLine.arguments.dropFirst().first ?? "serve-floor-data"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
let pool = try DatabasePool(path: directory + "/floor.sqlite")
try pool.writeWithoutTransaction { database in
    try database.execute(sql: "PRAGMA synchronous = FULL")
    try database.execute(
        sql: "CREATE TABLE IF NOT EXISTS payload (id INTEGER PRIMARY KEY, received_at REAL NOT NULL, body BLOB NOT NULL)"
    )
}
let accepted = ByteBuffer(string: #"{"accepted":1}"#)

let router = Router()
router.get("healthz") { _, _ in "ok" }
router.post("discard") { request, _ -> Response in
    _ = try await request.body.collect(upTo: 1 << 20)
    return Response(status: .accepted, body: .init(byteBuffer: accepted))
}
router.post("spool") { request, _ -> Response in
    let body = try await request.body.collect(upTo: 1 << 20)
    let bytes = Data(body.readableBytesView)
    let now = Date().timeIntervalSince1970
    try await pool.write { database in
        try database.execute(sql: "INSERT INTO payload (received_at, body) VALUES (?, ?)", arguments: [now, bytes])
    }
    return Response(status: .accepted, body: .init(byteBuffer: accepted))
}
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: 0)),
    onServerRunning: { channel in
        // Unbuffered, so a script reading the pipe sees it at once.
        FileHandle.standardOutput.write(Data("listening on http://127.0.0.1:\(channel.localAddress?.port ?? 0)\n".utf8))
    }
)
try await app.runService()
