import Foundation
import Logging
import SeedbedDomain
import Vapor

/// A swift-log handler writing one JSON object per line to standard output (`SEEDBED_LOG_FORMAT=json`):
/// `{"timestamp","level","label","message","metadata":{…},"source","file","line"}`, so a log shipper reads fields
/// instead of parsing text. Vapor's request logger carries `request-id` in the metadata.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(label: String, level: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil,
                write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardOutput) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var line = "{\"timestamp\":"
        JSONText.appendString(Self.timestamp(Date()), to: &line)
        line += ",\"level\":"
        JSONText.appendString(event.level.rawValue, to: &line)
        line += ",\"label\":"
        JSONText.appendString(label, to: &line)
        line += ",\"message\":"
        JSONText.appendString(event.message.description, to: &line)
        if !merged.isEmpty {
            line += ",\"metadata\":"
            Self.append(.dictionary(merged), to: &line)
        }
        line += ",\"source\":"
        JSONText.appendString(event.source, to: &line)
        line += ",\"file\":"
        JSONText.appendString(event.file, to: &line)
        line += ",\"line\":\(event.line)}\n"
        write(line)
    }

    /// Writes each line with one call, so lines from several threads never interleave.
    public static let standardOutput: @Sendable (String) -> Void = { line in
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    static func append(_ value: Logger.Metadata.Value, to line: inout String) {
        switch value {
        case .string(let text): JSONText.appendString(text, to: &line)
        case .stringConvertible(let convertible): JSONText.appendString(convertible.description, to: &line)
        case .array(let values):
            line += "["
            for (index, element) in values.enumerated() {
                if index > 0 { line += "," }
                append(element, to: &line)
            }
            line += "]"
        case .dictionary(let values):
            line += "{"
            for (index, key) in values.keys.sorted().enumerated() {
                if index > 0 { line += "," }
                JSONText.appendString(key, to: &line)
                line += ":"
                if let element = values[key] { append(element, to: &line) } else { line += "null" }
            }
            line += "}"
        }
    }

    /// UTC, milliseconds: `2026-12-07T01:02:03.456Z`.
    static func timestamp(_ date: Date) -> String {
        let whole = floor(date.timeIntervalSince1970)
        var seconds = time_t(whole)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = min(999, max(0, Int((date.timeIntervalSince1970 - whole) * 1000)))
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(ms)Z"
    }
}

/// The process's logging: Vapor's text console handler, or JSON lines with `SEEDBED_LOG_FORMAT=json`. The level
/// comes from `--log` / `LOG_LEVEL` as Vapor reads it.
public enum SeedbedLogging {
    public static func bootstrap(from environment: inout Environment,
                                 processEnvironment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard processEnvironment["SEEDBED_LOG_FORMAT"]?.lowercased() == "json" else {
            try LoggingSystem.bootstrap(from: &environment)
            return
        }
        let level = try Logger.Level.detect(from: &environment)
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
    }
}
