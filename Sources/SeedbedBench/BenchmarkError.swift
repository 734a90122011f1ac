import Foundation

/// Why a benchmark could not run: an argument out of range, an output file it could not write, a database it
/// could not use. Messages are Chinese, as the command prints them.
enum BenchmarkError: Error, LocalizedError, Hashable, Sendable {
    /// An argument out of range.
    case invalidArgument(String)
    /// An output file (for a peer to read) could not be written.
    case cannotWrite(path: String, reason: String)
    /// The database to compare with answered, but not as an SQL database.
    case cannotConnect(String)
    /// A peer program (a Python script) failed; its name and error output.
    case peerFailed(String)

    var errorDescription: String? {
        switch self {
        case .invalidArgument(let detail): "参数错误：\(detail)"
        case .cannotWrite(let path, let reason): "无法写入文件 \(path)：\(reason)"
        case .cannotConnect(let database): "无法连接 \(database)"
        case .peerFailed(let detail): "对照程序失败：\(detail)"
        }
    }
}
