import Crypto
import Foundation

/// Where the key for personal data comes from. Never the database: a copy of the database alone must not be
/// enough to read phone numbers.
public enum DataKeySource: Sendable, Equatable {
    /// `SEEDBED_DATA_KEY`: 32 bytes, base64.
    case base64(String)
    /// `SEEDBED_DATA_KEY_FILE`: a file holding the base64 key (`seedbed key create`), kept apart from the data.
    case file(String)
    /// Nothing configured: demo mode makes its own key file, anything else refuses to start.
    case unset
}

/// A data key that cannot be used.
enum DataKeyError: Error, CustomStringConvertible {
    case missing
    case invalid(String)
    case sealFailed

    var description: String {
        switch self {
        case .missing:
            """
            未配置个人信息加密密钥（SEEDBED_DATA_KEY 或 SEEDBED_DATA_KEY_FILE）。请运行
              seedbed key create --output /etc/seedbed/data.key
            生成密钥文件（权限 0600，放在数据目录与数据库备份之外），再设置 SEEDBED_DATA_KEY_FILE=/etc/seedbed/data.key 后启动。
            No personal-data encryption key is configured. Run `seedbed key create --output /etc/seedbed/data.key`
            (writes a 0600 key file; keep it away from the data folder and database backups), then start with
            SEEDBED_DATA_KEY_FILE=/etc/seedbed/data.key (or SEEDBED_DATA_KEY=<base64 of 32 bytes>).
            Demo mode (`seedbed serve --demo`) creates its own key.
            """
        case .invalid(let source):
            "个人信息加密密钥无效（\(source)）：须为 32 字节密钥的 base64 文本，可用 `seedbed key create` 生成。"
                + " The personal-data key in \(source) must be the base64 text of 32 bytes (`seedbed key create`)."
        case .sealFailed:
            "个人信息加密失败 / personal data could not be encrypted"
        }
    }
}

/// Loads, creates and writes data keys.
enum DataKey {
    static let byteCount = 32

    static func load(_ config: AppConfig) throws -> SymmetricKey {
        switch config.dataKey {
        case .base64(let text):
            return try decode(text, source: "SEEDBED_DATA_KEY")
        case .file(let path):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw DataKeyError.invalid("SEEDBED_DATA_KEY_FILE=\(path)")
            }
            return try decode(text, source: "SEEDBED_DATA_KEY_FILE=\(path)")
        case .unset:
            guard config.demo else { throw DataKeyError.missing }
            guard let path = demoKeyPath(config.database) else { return SymmetricKey(size: .bits256) }
            if FileManager.default.fileExists(atPath: path) {
                return try load(AppConfig.withKey(config, .file(path)))
            }
            let key = SymmetricKey(size: .bits256)
            try write(key, to: path)
            return key
        }
    }

    /// Demo mode keeps its key beside the database file (`data/keys/data.key`), in a file of its own, never in
    /// the database; an in-memory database needs no file.
    static func demoKeyPath(_ location: AppConfig.DatabaseLocation) -> String? {
        switch location {
        case .sqliteMemory: nil
        case .sqliteFile(let path):
            URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("keys/data.key").path
        case .postgres: "data/keys/data.key"
        }
    }

    static func encode(_ key: SymmetricKey) -> String {
        key.withUnsafeBytes { Data($0) }.base64EncodedString()
    }

    /// Writes a key file readable by its owner only (0600), in a folder only its owner may list (0700).
    static func write(_ key: SymmetricKey, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        guard FileManager.default.createFile(atPath: path, contents: Data((encode(key) + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600])
        else { throw DataKeyError.invalid(path) }
    }

    private static func decode(_ text: String, source: String) throws -> SymmetricKey {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
              data.count == byteCount
        else { throw DataKeyError.invalid(source) }
        return SymmetricKey(data: data)
    }
}

extension AppConfig {
    fileprivate static func withKey(_ config: AppConfig, _ source: DataKeySource) -> AppConfig {
        var copy = config
        copy.dataKey = source
        return copy
    }
}
