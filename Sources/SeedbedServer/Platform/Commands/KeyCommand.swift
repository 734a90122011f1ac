import Foundation
import Vapor

/// `seedbed key create [--output PATH]`: writes a new personal-data key file (0600) for `SEEDBED_DATA_KEY_FILE`.
/// Keep it outside the data folder and out of database backups: the database alone must not decrypt.
struct KeyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "output", short: "o", help: "密钥文件路径（默认 /etc/seedbed/data.key）")
        var output: String?
    }

    var help: String { "个人信息加密密钥：create 生成密钥文件" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else {
            context.console.error("未知操作“\(signature.action)”，可用：create")
            return
        }
        let path = signature.output ?? "/etc/seedbed/data.key"
        guard !FileManager.default.fileExists(atPath: path) else {
            // Overwriting a key makes every value sealed with it unreadable.
            context.console.error("文件已存在，未覆盖：\(path)（更换密钥会使已加密的数据无法解密）")
            return
        }
        try DataKey.write(SymmetricKey(size: .bits256), to: path)
        context.console.print("已生成个人信息加密密钥：\(path)（权限 0600）")
        context.console.print("启动前设置：SEEDBED_DATA_KEY_FILE=\(path)")
    }
}
