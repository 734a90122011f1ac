import Foundation
import TextFormatting
import Vapor

/// The CSS, JavaScript and images the pages use, read from the target's resources once at start and served
/// from memory with an ETag. Nothing comes from a CDN: the platform runs on intranets.
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        let data: ByteBuffer
        let contentType: HTTPMediaType
        let etag: String
    }

    private let assets: [String: Asset]

    init() {
        var assets: [String: Asset] = [:]
        if let base = Bundle.module.resourceURL?.appendingPathComponent("Public"),
           let names = try? FileManager.default.contentsOfDirectory(atPath: base.path)
        {
            for name in names where !name.hasPrefix(".") {
                guard let data = FileManager.default.contents(atPath: base.appendingPathComponent(name).path)
                else { continue }
                let ext = (name as NSString).pathExtension
                let type = HTTPMediaType.fileExtension(ext) ?? .binary
                let digest = HexText.lowercase(SHA256.hash(data: data).prefix(8))
                let etag = "\"" + digest + "\""
                assets[name] = Asset(data: ByteBuffer(data: data), contentType: type, etag: etag)
            }
        }
        self.assets = assets
    }

    func response(for name: String, request: Request) throws -> Response {
        guard let asset = assets[name] else { throw AppError.notFound() }
        if request.headers.first(name: .ifNoneMatch) == asset.etag {
            return Response(status: .notModified)
        }
        var headers = HTTPHeaders()
        headers.contentType = asset.contentType
        headers.replaceOrAdd(name: .eTag, value: asset.etag)
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(buffer: asset.data))
    }
}
