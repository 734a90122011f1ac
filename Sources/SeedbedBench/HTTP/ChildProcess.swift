import Foundation
import NIOCore
import NIOPosix

/// A process the HTTP benchmark started (the platform, nginx, the demo loader): its output goes to a log file,
/// and `stop()` ends it — SIGTERM, then SIGKILL if it has not exited within the grace period.
final class ChildProcess: @unchecked Sendable {
    // @unchecked: `Process` is a Foundation class; it is created, run and stopped by one task at a time.
    let name: String
    let process: Process
    let logPath: String
    let startedAt: ContinuousClock.Instant

    init(name: String, executable: String, arguments: [String], environment: [String: String], logPath: String)
        throws
    {
        self.name = name
        self.logPath = logPath
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        guard FileManager.default.createFile(atPath: logPath, contents: nil),
              let log = FileHandle(forWritingAtPath: logPath)
        else {
            throw BenchmarkError.cannotWrite(path: logPath, reason: "无法创建日志文件")
        }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        startedAt = ContinuousClock.now
        try process.run()
        try? log.close()
        self.process = process
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Waits for the process to exit on its own and returns its status.
    func wait() async -> Int32 {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        return process.terminationStatus
    }

    /// Ends the process: SIGTERM, and SIGKILL after `grace` if it is still running.
    func stop(grace: Duration = .seconds(15)) async {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        }
    }

    /// The last lines of its log, for an error message.
    func logTail(lines: Int = 20) -> String {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// Resident (VmRSS) and peak resident (VmHWM) memory of the process, MB; zeros once it has gone.
    var memory: MemoryStatus {
        MemoryStatus.of(statusFile: "/proc/\(process.processIdentifier)/status")
    }
}

extension MemoryStatus {
    /// VmRSS and VmHWM from a /proc/<pid>/status file, MB; zeros where it cannot be read.
    static func of(statusFile path: String) -> MemoryStatus {
        guard let status = try? String(contentsOfFile: path, encoding: .utf8) else {
            return MemoryStatus(residentMB: 0, peakMB: 0)
        }
        func kilobytes(_ key: String) -> Double {
            for line in status.split(separator: "\n") where line.hasPrefix(key) {
                return Double(line.dropFirst(key.count).filter(\.isNumber)) ?? 0
            }
            return 0
        }
        return MemoryStatus(residentMB: kilobytes("VmRSS:") / 1024, peakMB: kilobytes("VmHWM:") / 1024)
    }
}

enum LocalPort {
    /// A TCP port on 127.0.0.1 nobody listens on: bound to port 0, read, released.
    static func free(group: any EventLoopGroup) async throws -> Int {
        let channel = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        guard port > 0 else { throw BenchmarkError.invalidArgument("无法取得空闲端口") }
        return port
    }
}
